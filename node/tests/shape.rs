//! The shape of the code, checked over the workspace's source.
//!
//! * No production function is longer than [`MAX_FN_LINES`] lines: a reader
//!   holds a function in one screen. Tests, benches and `#[cfg(test)]`
//!   modules are not counted.
//! * No module of a crate depends on another in a cycle: a newcomer can read a
//!   crate bottom-up. A module depends on the modules whose items it names
//!   (`use crate::…`, `super::…`, `crate::x::f()` in code); a parent declaring
//!   or re-exporting its children owns them and is not counted as using them.
//!
//! Both lists of known exceptions shrink only: a new offender fails the test,
//! and so does an exception that no longer offends (delete it from the list).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::spanned::Spanned;
use syn::visit::Visit;

/// Longest production function, in lines (signature to closing brace).
const MAX_FN_LINES: usize = 80;

/// Crates whose source is checked (folders of the workspace).
const CRATES: &[&str] = &[
    "protocol",
    "storage",
    "actors",
    "api",
    "grpc",
    "console",
    "node",
    "sim-tests",
];

/// Functions longer than [`MAX_FN_LINES`] that have not been split yet, as
/// `crate-folder/path/in/src.rs::name`.
const LONG_FUNCTIONS: &[&str] = &[];

/// Module cycles not yet broken: each is the sorted list of the modules of one
/// strongly connected component, as `crate-folder:module::path`.
const MODULE_CYCLES: &[&[&str]] = &[];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("node/ lives in the workspace")
        .to_path_buf()
}

/// Every `.rs` file under `dir`, sorted.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable source folder") {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The module path of a source file (`coupon/actor.rs` → `coupon::actor`;
/// `lib.rs`, `main.rs` → the crate root, ``).
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).expect("file under src");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_owned());
    }
    parts.join("::")
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Meta>()
                .is_ok_and(|meta| meta.path().is_ident("test"))
    })
}

fn parse(file: &Path) -> syn::File {
    let text = std::fs::read_to_string(file).expect("readable source");
    syn::parse_file(&text).unwrap_or_else(|err| panic!("{}: {err}", file.display()))
}

/// Collects the production functions of one file with their line counts.
struct Functions<'a> {
    file: &'a str,
    found: Vec<(String, usize)>,
}

impl Functions<'_> {
    fn record(&mut self, name: &syn::Ident, span: proc_macro2::Span) {
        let lines = span.end().line - span.start().line + 1;
        self.found.push((format!("{}::{name}", self.file), lines));
    }
}

impl<'ast> Visit<'ast> for Functions<'_> {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if !is_cfg_test(&item.attrs) {
            syn::visit::visit_item_mod(self, item);
        }
    }
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        if !is_cfg_test(&item.attrs) {
            self.record(&item.sig.ident, item.span());
            syn::visit::visit_item_fn(self, item);
        }
    }
    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        if !is_cfg_test(&item.attrs) {
            self.record(&item.sig.ident, item.span());
            syn::visit::visit_impl_item_fn(self, item);
        }
    }
    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        if item.default.is_some() {
            self.record(&item.sig.ident, item.span());
        }
        syn::visit::visit_trait_item_fn(self, item);
    }
}

#[test]
fn no_production_function_is_longer_than_the_limit() {
    let root = workspace();
    let mut long = BTreeSet::new();
    for krate in CRATES {
        let src = root.join(krate).join("src");
        for file in sources(&src) {
            let name = format!("{krate}/{}", file.strip_prefix(&src).unwrap().display());
            let mut functions = Functions {
                file: &name,
                found: Vec::new(),
            };
            functions.visit_file(&parse(&file));
            for (function, lines) in functions.found {
                if lines > MAX_FN_LINES {
                    long.insert(function);
                }
            }
        }
    }
    let allowed: BTreeSet<String> = LONG_FUNCTIONS.iter().map(|s| s.to_string()).collect();
    let new: Vec<_> = long.difference(&allowed).collect();
    let stale: Vec<_> = allowed.difference(&long).collect();
    assert!(
        new.is_empty() && stale.is_empty(),
        "functions over {MAX_FN_LINES} lines: new {new:#?}; no longer long (remove from LONG_FUNCTIONS) {stale:#?}"
    );
}

/// The modules one file's module names, resolved against the crate's modules.
struct Uses<'a> {
    here: &'a str,
    modules: &'a BTreeSet<String>,
    /// Child modules declared in this file (`mod x;`), named without `self::`.
    children: BTreeSet<String>,
    found: BTreeSet<String>,
}

impl Uses<'_> {
    /// The module a path names, if it names one of the crate's: the longest
    /// known module prefix of its absolute form.
    fn resolve(&mut self, segments: &[String]) {
        let Some(first) = segments.first() else {
            return;
        };
        let mut absolute: Vec<String> = match first.as_str() {
            "crate" => Vec::new(),
            "self" => self.here_parts(),
            "super" => {
                let mut parts = self.here_parts();
                let mut rest = segments;
                while rest.first().is_some_and(|s| s == "super") {
                    parts.pop();
                    rest = &rest[1..];
                }
                parts.extend(rest.iter().cloned());
                return self.settle(parts);
            }
            child if self.children.contains(child) => self.here_parts(),
            _ => return,
        };
        let skip = usize::from(matches!(first.as_str(), "crate" | "self"));
        absolute.extend(segments[skip..].iter().cloned());
        self.settle(absolute);
    }

    fn here_parts(&self) -> Vec<String> {
        if self.here.is_empty() {
            return Vec::new();
        }
        self.here.split("::").map(str::to_owned).collect()
    }

    fn settle(&mut self, mut parts: Vec<String>) {
        while !parts.is_empty() {
            let candidate = parts.join("::");
            if self.modules.contains(&candidate) {
                let owned_by_here =
                    self.here.is_empty() || candidate.starts_with(&format!("{}::", self.here));
                if candidate != self.here && !owned_by_here {
                    self.found.insert(candidate);
                }
                return;
            }
            parts.pop();
        }
    }
}

fn use_paths(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match tree {
        syn::UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            use_paths(&path.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(name) => {
            let mut full = prefix.clone();
            full.push(name.ident.to_string());
            out.push(full);
        }
        syn::UseTree::Rename(rename) => {
            let mut full = prefix.clone();
            full.push(rename.ident.to_string());
            out.push(full);
        }
        syn::UseTree::Glob(_) => out.push(prefix.clone()),
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                use_paths(tree, prefix, out);
            }
        }
    }
}

impl<'ast> Visit<'ast> for Uses<'_> {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if !is_cfg_test(&item.attrs) {
            syn::visit::visit_item_mod(self, item);
        }
    }
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        if !is_cfg_test(&item.attrs) {
            syn::visit::visit_item_fn(self, item);
        }
    }
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        if is_cfg_test(&item.attrs) {
            return;
        }
        let mut paths = Vec::new();
        use_paths(&item.tree, &mut Vec::new(), &mut paths);
        for path in paths {
            self.resolve(&path);
        }
    }
    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if segments.len() > 1 {
            self.resolve(&segments);
        }
        syn::visit::visit_path(self, path);
    }
}

/// Strongly connected components of more than one module (Tarjan).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Tarjan<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    impl<'g> Tarjan<'g> {
        fn visit(&mut self, node: &'g str) {
            let next = self.index.len();
            self.index.insert(node, next);
            self.low.insert(node, next);
            self.stack.push(node);
            self.on_stack.insert(node);
            for target in self.graph.get(node).into_iter().flatten() {
                if !self.index.contains_key(target.as_str()) {
                    self.visit(target);
                    let low = self.low[node].min(self.low[target.as_str()]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(target.as_str()) {
                    let low = self.low[node].min(self.index[target.as_str()]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut component = Vec::new();
                while let Some(top) = self.stack.pop() {
                    self.on_stack.remove(top);
                    component.push(top.to_owned());
                    if top == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut tarjan = Tarjan {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !tarjan.index.contains_key(node.as_str()) {
            tarjan.visit(node);
        }
    }
    tarjan.found
}

fn module_graph(krate: &str) -> BTreeMap<String, BTreeSet<String>> {
    let src = workspace().join(krate).join("src");
    let files = sources(&src);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut graph = BTreeMap::new();
    for file in files {
        let here = module_of(&src, &file);
        let parsed = parse(&file);
        let children = parsed
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Mod(m) if m.content.is_none() => Some(m.ident.to_string()),
                _ => None,
            })
            .collect();
        let mut uses = Uses {
            here: &here,
            modules: &modules,
            children,
            found: BTreeSet::new(),
        };
        uses.visit_file(&parsed);
        let edges = graph.entry(here.clone()).or_insert_with(BTreeSet::new);
        edges.extend(uses.found);
    }
    graph
}

#[test]
fn no_module_depends_on_another_in_a_cycle() {
    let mut found = BTreeSet::new();
    for krate in CRATES {
        for component in cycles(&module_graph(krate)) {
            let named: Vec<String> = component.iter().map(|m| format!("{krate}:{m}")).collect();
            found.insert(named);
        }
    }
    let allowed: BTreeSet<Vec<String>> = MODULE_CYCLES
        .iter()
        .map(|c| c.iter().map(|s| s.to_string()).collect())
        .collect();
    let new: Vec<_> = found.difference(&allowed).collect();
    let stale: Vec<_> = allowed.difference(&found).collect();
    assert!(
        new.is_empty() && stale.is_empty(),
        "module cycles: new {new:#?}; broken (remove from MODULE_CYCLES) {stale:#?}"
    );
}
