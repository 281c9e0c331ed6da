//! The shape of the house: which module imports which. Arrows point down the layers the README's
//! architecture section draws (the shell, the demo, the HTTP routes, the state they share, the
//! features, the policy, the shared pieces), no two modules import each other, directly or round
//! a circle, and no route reaches the database but through the door. Read from the sources:
//! every `use crate::…`, `use super::…` and inline `crate::…` or `super::…` path outside
//! comments and test modules is an arrow from one file to another.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A file's module path: `src/lib.rs` is `[]`, `src/a/mod.rs` and `src/a.rs` are `[a]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without comments, string literals and its test module.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        // Strings may hold paths in prose; blank them out (no string here spans lines).
        let mut in_string = false;
        let mut escaped = false;
        for c in line.chars() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                }
                continue;
            }
            if c == '"' {
                in_string = true;
                continue;
            }
            out.push(c);
        }
        out.push('\n');
    }
    out
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap().trim();
        return vec![path.to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap()];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(expand)
        .map(|p| {
            if p == "self" {
                prefix.trim_end_matches("::").to_string()
            } else {
                format!("{prefix}{p}")
            }
        })
        .collect()
}

/// Every path the code names from the crate: `use` trees and inline `crate::…` paths.
fn paths_in(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        let tail = &rest[at + 4..];
        rest = tail;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = tail.find(';') else { break };
        let tree: String = tail[..end].split_whitespace().collect::<Vec<_>>().join(" ");
        if tree.starts_with("crate::") || tree.starts_with("super::") || tree.starts_with("self::")
        {
            out.extend(expand(&tree));
        }
    }
    let bytes = code.as_bytes();
    for root in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(root) {
            let start = from + at;
            from = start + root.len();
            // Not the tail of a longer name or path (`super::super::x` is read from its start).
            if start > 0
                && (bytes[start - 1].is_ascii_alphanumeric()
                    || matches!(bytes[start - 1], b'_' | b'$' | b':'))
            {
                continue;
            }
            let path: String = code[start..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            // `crate::a::{…}` is a use tree, read whole above.
            if !path.ends_with("::") {
                out.push(path);
            }
        }
    }
    out
}

/// The file a path from `module` lands in: the longest prefix that is a module of ours.
fn target(
    modules: &BTreeMap<Vec<String>, PathBuf>,
    module: &[String],
    path: &str,
) -> Option<PathBuf> {
    let mut segments: Vec<String> = Vec::new();
    let mut parts = path.split("::").filter(|s| !s.is_empty()).peekable();
    match parts.peek().copied() {
        Some("crate") => {
            parts.next();
        }
        Some("super") | Some("self") => {
            segments = module.to_vec();
            while let Some(p) = parts.peek().copied() {
                match p {
                    "super" => {
                        segments.pop();
                        parts.next();
                    }
                    "self" => {
                        parts.next();
                    }
                    _ => break,
                }
            }
        }
        _ => return None,
    }
    segments.extend(parts.map(str::to_string));
    (0..=segments.len())
        .rev()
        .find_map(|n| modules.get(&segments[..n]))
        .cloned()
}

/// Every file's arrows to other files of `src/`, the crate root left out (it only declares).
fn arrows() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeMap<Vec<String>, PathBuf> = files
        .iter()
        .map(|f| (module_of(&src, f), f.clone()))
        .collect();
    let name = |p: &Path| p.strip_prefix(root).unwrap().to_string_lossy().to_string();
    let lib = src.join("lib.rs");
    let mut out = BTreeMap::new();
    for file in &files {
        if *file == lib {
            continue;
        }
        let module = module_of(&src, file);
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let to: BTreeSet<String> = paths_in(&code)
            .iter()
            .filter_map(|p| target(&modules, &module, p))
            .filter(|t| t != file && *t != lib)
            .map(|t| name(&t))
            .collect();
        out.insert(name(file), to);
    }
    out
}

/// The import circles: strongly connected sets of more than one file.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Tarjan's algorithm, by recursion: the graph has a few dozen files.
    struct State<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut set = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                set.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if set.len() > 1 {
                set.sort();
                s.found.push(set);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

#[test]
fn no_module_imports_another_round_a_circle() {
    let graph = arrows();
    assert!(graph.len() > 40, "the sources were not found");
    // Arrows of every kind are read: a grouped `use super::…`, an inline `crate::…` or
    // `super::…` path.
    assert!(graph["src/access/door.rs"].contains("src/access/mod.rs"));
    assert!(graph["src/visits/reading.rs"].contains("src/visits/lateness.rs"));
    assert!(graph["src/access/decision.rs"].contains("src/persons/repo.rs"));
    let found = circles(&graph);
    assert!(found.is_empty(), "import circles: {found:#?}");
}

#[test]
fn only_the_binary_reaches_the_application_shell() {
    let graph = arrows();
    let into_app: Vec<&String> = graph
        .iter()
        .filter(|(from, to)| to.contains("src/app.rs") && from.as_str() != "src/main.rs")
        .map(|(from, _)| from)
        .collect();
    assert!(into_app.is_empty(), "these import src/app.rs: {into_app:?}");
}

/// The check itself finds what it is for: a circle made of two files, and an arrow into the
/// shell.
#[test]
fn the_check_sees_a_circle_and_a_grouped_import() {
    assert_eq!(
        expand("crate::a::{b, c::{d, self}}"),
        ["crate::a::b", "crate::a::c::d", "crate::a::c"]
    );
    let mut graph = BTreeMap::new();
    graph.insert("x".to_string(), BTreeSet::from(["y".to_string()]));
    graph.insert("y".to_string(), BTreeSet::from(["z".to_string()]));
    graph.insert("z".to_string(), BTreeSet::from(["x".to_string()]));
    graph.insert("w".to_string(), BTreeSet::from(["x".to_string()]));
    assert_eq!(circles(&graph), [["x", "y", "z"]]);
    let code = code_of("use crate::app::{AppState, Problem};\n// crate::ignored::path\nlet s = \"crate::not::this\";\ncrate::db::cache::Reading::plain(c);\n");
    assert_eq!(
        paths_in(&code),
        [
            "crate::app::AppState",
            "crate::app::Problem",
            "crate::db::cache::Reading::plain"
        ]
    );
}

/// The layers of the house, top down. A file imports from its own layer or the ones below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    /// `main.rs`, `app.rs`: the binary and the application with its route table.
    Shell,
    /// Demo data, seeded through the features.
    Demo,
    /// HTTP: a feature's `routes.rs` or `routes/`, and the operational routes.
    Http,
    /// What the routes share: the application state with the door.
    State,
    /// The features: their rules, work functions, SQL and texts.
    Feature,
    /// Who may do what, who someone is, their inbox, the rulebooks.
    Policy,
    /// What everything uses: the database, errors, the clock, texts, geography, money, …
    Shared,
}

const FEATURES: &[&str] = &[
    "agreements",
    "attendance",
    "billing",
    "chat",
    "clients",
    "home",
    "inbox",
    "mandates",
    "providers",
    "visits",
    "vouchers",
];
const POLICY: &[&str] = &[
    "access",
    "auth",
    "events",
    "notifications",
    "persons",
    "push",
    "rulebooks",
];
const SHARED: &[&str] = &[
    "clock",
    "config",
    "contact",
    "db",
    "digest",
    "error",
    "geo",
    "http_cache",
    "i18n",
    "idempotency",
    "input",
    "money",
    "pagination",
    "refs",
    "request",
    "telemetry",
    "text",
    "vocab",
];

/// The top-level module of a file: `src/visits/routes/staff.rs` is `visits`.
fn module(file: &str) -> &str {
    let rest = file.strip_prefix("src/").unwrap_or(file);
    let first = rest.split('/').next().unwrap_or(rest);
    first.strip_suffix(".rs").unwrap_or(first)
}

/// A file of HTTP: a `routes.rs`, a file under a `routes/` folder, or the operational routes.
fn is_http(file: &str) -> bool {
    let parts: Vec<&str> = file.split('/').collect();
    parts.last() == Some(&"routes.rs")
        || parts[1..parts.len() - 1].contains(&"routes")
        || module(file) == "ops"
}

fn layer(file: &str) -> Option<Layer> {
    let m = module(file);
    Some(match m {
        "main" | "app" => Layer::Shell,
        "demo" => Layer::Demo,
        _ if is_http(file) => Layer::Http,
        "state" => Layer::State,
        _ if FEATURES.contains(&m) => Layer::Feature,
        _ if POLICY.contains(&m) => Layer::Policy,
        _ if SHARED.contains(&m) => Layer::Shared,
        _ => return None,
    })
}

/// Every arrow that does not point down: up a layer, from one module's HTTP into another's, or
/// between two modules (apart from their HTTP) both ways.
fn against_the_layers(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut found = Vec::new();
    let mut between: BTreeSet<(&str, &str)> = BTreeSet::new();
    for (from, tos) in graph {
        for to in tos {
            match (layer(from), layer(to)) {
                (Some(a), Some(b)) if b < a => found.push(format!("up: {from} -> {to}")),
                _ => {}
            }
            if is_http(from) && is_http(to) && module(from) != module(to) {
                found.push(format!("into another module's HTTP: {from} -> {to}"));
            }
            if !is_http(from) && !is_http(to) && module(from) != module(to) {
                between.insert((module(from), module(to)));
            }
        }
    }
    for (a, b) in &between {
        if a < b && between.contains(&(*b, *a)) {
            found.push(format!("both ways: {a} <-> {b}"));
        }
    }
    found
}

#[test]
fn arrows_point_down_the_layers() {
    let graph = arrows();
    let unplaced: Vec<&String> = graph.keys().filter(|f| layer(f).is_none()).collect();
    assert!(
        unplaced.is_empty(),
        "modules in no layer (add them to FEATURES, POLICY or SHARED): {unplaced:?}"
    );
    let found = against_the_layers(&graph);
    assert!(found.is_empty(), "arrows against the layers: {found:#?}");
}

/// The check itself finds each kind of arrow it is for.
#[test]
fn the_layer_check_sees_an_upward_arrow_and_a_pair() {
    let graph = |arrows: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in arrows {
            g.entry(from.to_string())
                .or_default()
                .insert(to.to_string());
        }
        g
    };
    let up = graph(&[("src/geo.rs", "src/visits/mod.rs")]);
    assert_eq!(against_the_layers(&up).len(), 1);
    let policy_up = graph(&[("src/access/door.rs", "src/mandates/repo.rs")]);
    assert_eq!(against_the_layers(&policy_up).len(), 1);
    let pair = graph(&[
        ("src/visits/work.rs", "src/vouchers/repo.rs"),
        ("src/vouchers/repo.rs", "src/visits/repo.rs"),
    ]);
    assert_eq!(
        against_the_layers(&pair),
        ["both ways: visits <-> vouchers"]
    );
    let handlers = graph(&[(
        "src/visits/routes/staff.rs",
        "src/providers/routes/staff.rs",
    )]);
    assert_eq!(against_the_layers(&handlers).len(), 1);
    let down = graph(&[
        ("src/visits/routes/client.rs", "src/state.rs"),
        ("src/state.rs", "src/access/door.rs"),
        ("src/visits/work.rs", "src/agreements/mod.rs"),
        ("src/agreements/mod.rs", "src/geo.rs"),
    ]);
    assert!(against_the_layers(&down).is_empty());
}

/// Every source file of `src/`, named from the crate's root, with its text.
fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files
        .into_iter()
        .map(|f| {
            let name = f.strip_prefix(root).unwrap().to_string_lossy().to_string();
            (name, std::fs::read_to_string(&f).unwrap())
        })
        .collect()
}

/// Every route reaches the database through the door, which decides and logs: no route file
/// touches the state's database handle.
#[test]
fn every_route_reaches_the_database_through_the_door() {
    let mut bypass = Vec::new();
    for (name, text) in sources() {
        if !is_http(&name) {
            continue;
        }
        let code = code_of(&text);
        for (n, line) in code.lines().enumerate() {
            let handle = line.match_indices("db::Db").any(|(at, m)| {
                !line[at + m.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            });
            let hit = line.contains(".db.")
                || line.trim_end().ends_with(".db")
                || line.trim_start().starts_with(".db")
                || handle;
            if hit {
                bypass.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        bypass.is_empty(),
        "routes that bypass the door: {bypass:#?}"
    );
}

/// Rooms stay small enough to read: no file over 700 lines before its tests (the schema
/// excepted), no handler over 60.
#[test]
fn no_file_or_handler_outgrows_its_room() {
    let mut large = Vec::new();
    for (name, text) in sources() {
        let lines: Vec<&str> = text
            .lines()
            .take_while(|l| !l.starts_with("#[cfg(test)]"))
            .collect();
        if lines.len() > 700 && !name.ends_with("db/schema.rs") {
            large.push(format!("{name}: {} lines", lines.len()));
        }
        for (at, line) in lines.iter().enumerate() {
            let routed = ["#[get(", "#[post(", "#[put(", "#[patch(", "#[delete("]
                .iter()
                .any(|m| line.starts_with(m));
            if !routed {
                continue;
            }
            let start = (at..lines.len())
                .find(|&i| lines[i].starts_with("pub async fn"))
                .unwrap();
            let end = (start..lines.len()).find(|&i| lines[i] == "}").unwrap();
            if end - start + 1 > 60 {
                large.push(format!(
                    "{name}: {} ({} lines)",
                    lines[start],
                    end - start + 1
                ));
            }
        }
    }
    assert!(large.is_empty(), "too large: {large:#?}");
}
