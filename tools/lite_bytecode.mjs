// Add compiled Python (bytecode) to the wheels of Codekamp's JupyterLite site, for the modules
// the kernel imports when it starts: the pupil's browser then does not compile IPython and the
// rest at every start (about half of the imports' time). Only those modules: bytecode for all
// would make the wheels nearly four times bigger, for every pupil to download.
//
//     node tools/lite_bytecode.mjs <pyodide folder> <module,module,...> <wheel>...
//
// Only Pyodide's own Python can write bytecode that Pyodide's Python reads (same version, same
// magic number), so this runs in Pyodide under Node.js. Each .py file keeps its source (tracebacks
// and inspect still show it) and gets __pycache__/<name>.cpython-<ver>.pyc beside it, marked
// "unchecked": Python uses it without comparing it with the source. Wheels are rewritten in place.
import { readFileSync, writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideFolder, modules, ...wheels] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(resolve(pyodideFolder, "pyodide.mjs")).href);
const pyodide = await loadPyodide();
for (const wheel of wheels) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { filename: basename(wheel) });
}
const compile = pyodide.runPython(`
import importlib, importlib.util, io, os, sys, zipfile

site_packages = os.getcwd() + "/"  # where unpackArchive put the wheels
for name in ${JSON.stringify(modules)}.split(","):
    importlib.import_module(name)
imported = {
    module.__file__[len(site_packages):]
    for module in list(sys.modules.values())
    if (getattr(module, "__file__", None) or "").startswith(site_packages)
}

def compile_wheel(data):
    source = zipfile.ZipFile(io.BytesIO(bytes(data)))
    out = io.BytesIO()
    tag = sys.implementation.cache_tag
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            target.writestr(item, content)
            name = item.filename
            if name not in imported:
                continue
            try:
                code = compile(content, name, "exec", dont_inherit=True)
            except SyntaxError:
                continue  # a file Python never imports (a template, a test of old syntax)
            folder, _, module = name.rpartition("/")
            cached = (folder + "/" if folder else "") + f"__pycache__/{module[:-3]}.{tag}.pyc"
            pyc = importlib._bootstrap_external._code_to_hash_pyc(
                code, importlib.util.source_hash(content), checked=False
            )
            info = zipfile.ZipInfo(cached, item.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, bytes(pyc))
    return out.getvalue()

compile_wheel
`);

for (const wheel of wheels) {
  const result = compile(new Uint8Array(readFileSync(wheel)));
  writeFileSync(wheel, result.toJs());
  result.destroy();
  console.log(`bytecode: ${basename(wheel)}`);
}
