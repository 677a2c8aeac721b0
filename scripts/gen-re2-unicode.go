// Generates src/rego/runtime/re2/unicode-tables.ts: the Unicode data the AssemblyScript RE2 port
// needs, taken from the Go toolchain's own package unicode (Go 1.26: Unicode 15.0.0, the tables
// opa v1.22.2 is built with), so \p{...} and (?i) match exactly what opa's regexp matches.
//
//	go run scripts/gen-re2-unicode.go > src/rego/runtime/re2/unicode-tables.ts
//
// What it writes (all static data in the Wasm module, read without allocating):
//   - every name Go's regexp/syntax accepts in \p{Name} (after its canonicalName; as 0-ended
//     ASCII bytes), mapped to a table: the general categories, the scripts and unicode.CategoryAliases, looked up in Go's
//     order (categories, then scripts, then aliases); Any, Ascii and Assigned are left to the code.
//   - each table as LEB128 varints: kind 0 = a count, then per range (gap from the previous
//     range's end + 1, length - 1); kind 1 = a union of other tables (L = Lu|Ll|Lt|Lm|Lo, ...),
//     used only when Go's table is exactly that union, which keeps the data small.
//   - the simple case folding orbits (unicode.SimpleFold cycles): per orbit its size, its smallest
//     member as a gap from the previous orbit's smallest, and the other members as gaps.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"unicode"
)

type rng struct{ lo, hi int }

// ranges lists a table's code points as maximal ranges (asking unicode.Is, so strides and the
// R16/R32 split of Go's encoding cannot be misread).
func ranges(t *unicode.RangeTable) []rng {
	return rangesOf(func(r rune) bool { return unicode.Is(t, r) })
}

// rangesOf lists the code points `in` holds as maximal ranges.
func rangesOf(in func(rune) bool) []rng {
	var out []rng
	lo := -1
	for r := 0; r <= unicode.MaxRune+1; r++ {
		has := r <= unicode.MaxRune && in(rune(r))
		if has && lo < 0 {
			lo = r
		}
		if !has && lo >= 0 {
			out = append(out, rng{lo, r - 1})
			lo = -1
		}
	}
	return out
}

// canonicalName is regexp/syntax's: first letter upper case, the rest lower case, `_ - space` dropped.
func canonicalName(name string) string {
	var b []byte
	first := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '_' || c == '-' || c == ' ' {
			continue
		}
		if first {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			first = false
		} else if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b)
}

func uvarint(out []byte, v int) []byte {
	for v >= 0x80 {
		out = append(out, byte(v&0x7f|0x80))
		v >>= 7
	}
	return append(out, byte(v))
}

func sameRanges(a, b []rng) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// union of tables, as maximal ranges.
func union(ts []*unicode.RangeTable) []rng {
	return rangesOf(func(r rune) bool { return unicode.IsOneOf(ts, r) })
}

type table struct {
	key   string // the unicode.Categories / unicode.Scripts key
	parts []int  // for a union: the ids of its parts
	rs    []rng
}

func main() {
	var tables []table
	id := map[string]int{}
	add := func(key string, t *unicode.RangeTable) {
		id[key] = len(tables)
		tables = append(tables, table{key: key, rs: ranges(t)})
	}
	var cats []string
	for k := range unicode.Categories {
		cats = append(cats, k)
	}
	sort.Strings(cats)
	// two-letter categories first, so one-letter groups can name them as parts
	for _, k := range cats {
		if len(k) == 2 && k != "LC" {
			add(k, unicode.Categories[k])
		}
	}
	for _, k := range cats {
		if len(k) == 2 && k != "LC" {
			continue
		}
		t := unicode.Categories[k]
		var members []string
		for _, m := range cats {
			if len(m) == 2 && m != "LC" && (m[0] == k[0] && len(k) == 1 || k == "LC" && (m == "Lu" || m == "Ll" || m == "Lt")) {
				members = append(members, m)
			}
		}
		var mts []*unicode.RangeTable
		var parts []int
		for _, m := range members {
			mts = append(mts, unicode.Categories[m])
			parts = append(parts, id[m])
		}
		add(k, t)
		if len(mts) > 0 && sameRanges(union(mts), tables[id[k]].rs) {
			tables[id[k]].parts = parts
			tables[id[k]].rs = nil
		}
	}
	var scripts []string
	for k := range unicode.Scripts {
		if canonicalName(k) == k { // other names can never be looked up (Go canonicalises first)
			scripts = append(scripts, k)
		}
	}
	sort.Strings(scripts)
	for _, k := range scripts {
		add(k, unicode.Scripts[k])
	}

	// names, in Go's lookup order: categories, scripts, aliases (the first to claim a name wins)
	names := map[string]int{}
	claim := func(name string, t int) {
		if _, ok := names[name]; !ok {
			names[name] = t
		}
	}
	for _, k := range cats {
		if k == "LC" {
			continue // reached only as "Lc", which the code special-cases like Go's switch
		}
		claim(k, id[k])
	}
	for _, k := range scripts {
		claim(k, id[k])
	}
	var aliases []string
	for k := range unicode.CategoryAliases {
		aliases = append(aliases, k)
	}
	sort.Strings(aliases)
	for _, k := range aliases {
		claim(canonicalName(k), id[unicode.CategoryAliases[k]])
	}
	var sorted []string
	for k := range names {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)

	var data []byte
	offsets := make([]int, len(tables))
	for i, t := range tables {
		offsets[i] = len(data)
		if t.parts != nil {
			data = uvarint(data, 1)
			data = uvarint(data, len(t.parts))
			for _, p := range t.parts {
				data = uvarint(data, p)
			}
			continue
		}
		data = uvarint(data, 0)
		data = uvarint(data, len(t.rs))
		next := 0
		for _, r := range t.rs {
			data = uvarint(data, r.lo-next)
			data = uvarint(data, r.hi-r.lo)
			next = r.hi + 1
		}
	}

	// folding orbits, by smallest member
	var fold []byte
	seen := map[rune]bool{}
	norbits, nfold := 0, 0
	prev := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if seen[r] || unicode.SimpleFold(r) == r {
			continue
		}
		var orbit []int
		for c := r; !seen[c]; c = unicode.SimpleFold(c) {
			seen[c] = true
			orbit = append(orbit, int(c))
		}
		sort.Ints(orbit)
		if len(orbit) > 8 {
			panic("an orbit larger than MAX_ORBIT in src/rego/runtime/re2/unicode.ts")
		}
		fold = uvarint(fold, len(orbit))
		fold = uvarint(fold, orbit[0]-prev)
		for i := 1; i < len(orbit); i++ {
			fold = uvarint(fold, orbit[i]-orbit[i-1])
		}
		prev = orbit[0]
		norbits++
		nfold += len(orbit)
	}

	w := os.Stdout
	fmt.Fprintf(w, "// GENERATED by scripts/gen-re2-unicode.go from Go %s's package unicode (Unicode %s); do not edit.\n", strings.TrimPrefix(runtime.Version(), "go"), unicode.Version)
	fmt.Fprintln(w, "// Regenerate: go run scripts/gen-re2-unicode.go > src/rego/runtime/re2/unicode-tables.ts")
	fmt.Fprintln(w, "// Format: see the comment at the top of the generator. All data is static (memory.data).")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "export const UNICODE_VERSION = '%s';\n\n", unicode.Version)
	var nameBytes []byte
	for _, n := range sorted {
		nameBytes = append(append(nameBytes, n...), 0)
	}
	fmt.Fprintln(w, "/** Canonical \\p names Go accepts (besides Any, Ascii, Assigned, Lc): sorted, ASCII, each ended by a 0 byte. */")
	fmt.Fprintf(w, "export const PROP_COUNT: i32 = %d;\n", len(sorted))
	fmt.Fprintf(w, "export const PROP_NAMES: usize = memory.data<u8>([%s]);\n\n", joinBytes(nameBytes))
	fmt.Fprintln(w, "/** PROP_TABLE[i]: the table the i-th name stands for. */")
	ids := make([]int, len(sorted))
	for i, n := range sorted {
		ids[i] = names[n]
	}
	fmt.Fprintf(w, "export const PROP_TABLE: StaticArray<u16> = [%s];\n\n", joinInts(ids))
	fmt.Fprintf(w, "/** Table ids the code names directly. */\nexport const TABLE_CN: i32 = %d;\nexport const TABLE_LC: i32 = %d;\nexport const TABLE_L: i32 = %d;\nexport const TABLE_ND: i32 = %d;\n\n", id["Cn"], id["LC"], id["L"], id["Nd"])
	fmt.Fprintln(w, "/** Byte offset of each table in TABLE_DATA. */")
	fmt.Fprintf(w, "export const TABLE_OFFSETS: StaticArray<u32> = [%s];\n\n", joinInts(offsets))
	fmt.Fprintf(w, "/** %d bytes: the tables (kind, then ranges or parts), LEB128. */\n", len(data))
	fmt.Fprintf(w, "export const TABLE_DATA: usize = memory.data<u8>([%s]);\n\n", joinBytes(data))
	fmt.Fprintf(w, "/** Orbits and code points in them. */\nexport const FOLD_ORBITS: i32 = %d;\nexport const FOLD_CODEPOINTS: i32 = %d;\n\n", norbits, nfold)
	fmt.Fprintf(w, "/** %d bytes: per orbit its size, then its members as gaps (the first from the previous orbit's first). */\n", len(fold))
	fmt.Fprintf(w, "export const FOLD_DATA: usize = memory.data<u8>([%s]);\n", joinBytes(fold))
	fmt.Fprintf(os.Stderr, "%d tables (%d unions), %d names, %d table bytes, %d orbits (%d code points), %d fold bytes\n", len(tables), countUnions(tables), len(sorted), len(data), norbits, nfold, len(fold))
}

func countUnions(ts []table) int {
	n := 0
	for _, t := range ts {
		if t.parts != nil {
			n++
		}
	}
	return n
}

func joinInts(v []int) string {
	var b strings.Builder
	for i, x := range v {
		if i > 0 {
			b.WriteString(",")
		}
		if i%24 == 0 {
			b.WriteString("\n  ")
		}
		fmt.Fprintf(&b, "%d", x)
	}
	return b.String() + "\n"
}

func joinBytes(v []byte) string {
	var b strings.Builder
	for i, x := range v {
		if i > 0 {
			b.WriteString(",")
		}
		if i%32 == 0 {
			b.WriteString("\n  ")
		}
		fmt.Fprintf(&b, "%d", x)
	}
	return b.String() + "\n"
}
