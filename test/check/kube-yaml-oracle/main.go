// The reference for how Kubernetes reads YAML: kubectl, Helm and the API server convert YAML to
// JSON with sigs.k8s.io/yaml (go-yaml v2 underneath). Each line of standard input is one YAML
// document as a JSON string; each line of output is its JSON, or "ERR <message>".
// Built and run by test/check/kube-scalars.test.ts where Go is installed; never by Warden itself.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"sigs.k8s.io/yaml"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var doc string
		if err := json.Unmarshal(in.Bytes(), &doc); err != nil {
			fmt.Fprintln(out, "ERR input: "+err.Error())
			continue
		}
		j, err := yaml.YAMLToJSON([]byte(doc))
		if err != nil {
			fmt.Fprintln(out, "ERR "+strings.ReplaceAll(err.Error(), "\n", " "))
			continue
		}
		fmt.Fprintln(out, string(j))
	}
}
