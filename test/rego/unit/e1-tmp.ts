import { evalRego } from '../../../src/rego/index.js';
const mods = [{ file: 'a.rego', source: `package t
import rego.v1

default allow := false
allow if {
  input.user == "admin"
}
names contains n if {
  some c in input.containers
  n := c.name
}
bad[name] := img if {
  c := input.containers[_]
  name := c.name
  not startswith(c.image, "reg.io/")
  img := c.image
}
f(x) := x * 2
total := sum([f(c.n) | some c in input.containers])
msg := sprintf("%s has %d containers", [input.user, count(input.containers)])
every_ok if every c in input.containers { c.n > 0 }
` }];
const input = { user: 'admin', containers: [{ name: 'a', image: 'reg.io/x', n: 1 }, { name: 'b', image: 'docker.io/y', n: 2 }] };
for (const q of ['data.t.allow', 'data.t.names', 'data.t.bad', 'data.t.total', 'data.t.msg', 'data.t.every_ok', 'data.t']) {
  const r = await evalRego(mods, q, input);
  console.log(q, JSON.stringify(r.value), r.diagnostics.map((d) => d.message).join(';'));
}
