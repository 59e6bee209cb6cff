//! Parses the blueprints with Tera when eksnet is built, and writes each
//! one's syntax tree as bytes (`src/render/blueprint_ast.rs`) for the
//! binary to embed: a run reads the trees instead of parsing the text. A
//! blueprint that does not parse fails the build, naming the file.

use std::path::{Path, PathBuf};
use std::{env, fs};

// The reading half is eksnet's.
#[allow(dead_code)]
#[path = "src/render/blueprint_ast.rs"]
mod blueprint_ast;

fn main() {
    println!("cargo:rerun-if-changed=blueprints");
    println!("cargo:rerun-if-changed=src/render/blueprint_ast.rs");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // Only the blueprints there are now: a removed one's tree must not
    // stay behind for templates.rs to embed.
    match fs::remove_dir_all(out.join("blueprints")) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => panic!("{}: {e}", out.display()),
        _ => {}
    }
    for name in blueprints(Path::new("blueprints")) {
        let text = fs::read_to_string(Path::new("blueprints").join(&name))
            .unwrap_or_else(|e| panic!("blueprints/{name}: {e}"));
        let template = tera::Template::new(&name, None, &text)
            .unwrap_or_else(|e| panic!("blueprints/{name} does not parse: {e}"));
        let file = out.join("blueprints").join(format!("{name}.ast"));
        fs::create_dir_all(file.parent().expect("a file has a folder"))
            .and_then(|()| fs::write(&file, blueprint_ast::encode(&template.ast)))
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
}

/// The `.tera` files under `dir`, as paths relative to it with `/`.
fn blueprints(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let mut folders = vec![PathBuf::new()];
    while let Some(rel) = folders.pop() {
        let entries = fs::read_dir(dir.join(&rel)).unwrap_or_else(|e| panic!("{dir:?}: {e}"));
        for entry in entries {
            let entry = entry.unwrap_or_else(|e| panic!("{dir:?}: {e}"));
            let path = rel.join(entry.file_name());
            if entry.path().is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|x| x == "tera") {
                let parts: Vec<String> = path
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                names.push(parts.join("/"));
            }
        }
    }
    names.sort();
    names
}
