// Run a Python file in Pyodide (the Python of JupyterLite) with a wheel installed the way
// JupyterLite's piplite installs it:
//     node run.mjs codekamp.whl probe.py [data files...]
// The data files are copied into Python's working folder. What Python prints goes to stdout;
// a Python error is printed to stderr and ends the process with code 1.
import { loadPyodide } from "pyodide";
import { readFileSync } from "node:fs";
import { basename } from "node:path";

const [wheel, script, ...dataFiles] = process.argv.slice(2);
const pyodide = await loadPyodide({ stdout: (line) => console.log(line) });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", {
  filename: basename(wheel),
});
for (const file of dataFiles) {
  pyodide.FS.writeFile(basename(file), new Uint8Array(readFileSync(file)));
}
try {
  await pyodide.runPythonAsync(readFileSync(script, "utf8"));
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
