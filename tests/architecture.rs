//! Architecture checks on the source tree (issue 12), read from `src/`:
//!
//! - the dependency graph of the top-level modules has no cycle;
//! - the data module (`src/data/`) uses neither the engine nor the schedule
//!   facade;
//! - no file has more than [`MAX_FILE_CODE_LINES`] lines of code;
//! - no function is longer than [`MAX_FN_LINES`] lines.
//!
//! The checkers are functions of source text, tested on small synthetic
//! sources below, so that each check is known to catch what it is for. They
//! read Rust lexically (comments, string and char literals, braces), which is
//! enough for this crate's code: no parser is needed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// At most this many lines of code per file, not counting blank lines,
/// comment-only lines and `#[cfg(test)]` items.
const MAX_FILE_CODE_LINES: usize = 800;

/// At most this many lines per function, from its `fn` line to its closing
/// brace (functions of `#[cfg(test)]` items not checked).
const MAX_FN_LINES: usize = 120;

/// The module that holds the schedule data format, and what it may not use.
const DATA_MODULE: &str = "data";
const DATA_FORBIDDEN: [&str; 2] = ["engine", "schedule"];

// ------------------------------------------------------------------ lexing

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `text` with comments blanked (spaces) and the contents of string and char
/// literals replaced by `x`, every newline kept: line numbers, braces and
/// paths of the code stay where they were, and no brace, quote or path inside
/// a comment or literal is seen.
fn strip(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(c.len());
    let n = c.len();
    let at = |i: usize| c.get(i).copied().unwrap_or('\0');
    // The contents of a literal from `i` to (excluding) `end`: `x`, newlines kept.
    let fill = |out: &mut Vec<char>, from: usize, to: usize| {
        for &ch in &c[from..to] {
            out.push(if ch == '\n' { '\n' } else { 'x' });
        }
    };
    let mut i = 0;
    while i < n {
        let ch = c[i];
        let prev_ident = i > 0 && is_ident(c[i - 1]);
        if ch == '/' && at(i + 1) == '/' {
            while i < n && c[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if ch == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < n {
                if c[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    out.extend([' ', ' ']);
                    i += 2;
                } else if c[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    out.extend([' ', ' ']);
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(if c[i] == '\n' { '\n' } else { ' ' });
                    i += 1;
                }
            }
        } else if !prev_ident && raw_string_start(&c, i).is_some() {
            // r"..", r#".."#, br"..", cr#".."#
            let (quote, hashes) = raw_string_start(&c, i).expect("checked");
            out.extend(&c[i..=quote]);
            let mut j = quote + 1;
            let closes =
                |j: usize| c[j] == '"' && (1..=hashes).all(|k| c.get(j + k).copied() == Some('#'));
            while j < n && !closes(j) {
                j += 1;
            }
            fill(&mut out, quote + 1, j);
            let end = (j + 1 + hashes).min(n);
            out.extend(&c[j.min(n)..end]);
            i = end;
        } else if ch == '"' || (!prev_ident && (ch == 'b' || ch == 'c') && at(i + 1) == '"') {
            let quote = if ch == '"' { i } else { i + 1 };
            out.extend(&c[i..=quote]);
            let mut j = quote + 1;
            while j < n && c[j] != '"' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            let j = j.min(n);
            fill(&mut out, quote + 1, j);
            if j < n {
                out.push('"');
            }
            i = j + 1;
        } else if ch == '\'' {
            // A char literal ('x', '\n', '\'', '\u{..}') or a lifetime / label ('a).
            let end = if at(i + 1) == '\\' {
                let mut j = i + 3;
                while j < n && c[j] != '\'' && c[j] != '\n' {
                    j += 1;
                }
                (at(j) == '\'').then_some(j)
            } else if at(i + 1) != '\n' && at(i + 2) == '\'' {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(e) => {
                    out.push('\'');
                    fill(&mut out, i + 1, e);
                    out.push('\'');
                    i = e + 1;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            out.push(ch);
            i += 1;
        }
    }
    out.into_iter().collect()
}

/// When a raw string starts at `i` (`r`, `br` or `cr`, hashes, a quote):
/// the index of its opening quote and its number of hashes.
fn raw_string_start(c: &[char], i: usize) -> Option<(usize, usize)> {
    let mut j = i;
    if matches!(c.get(j), Some('b' | 'c')) {
        j += 1;
    }
    if c.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while c.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    (c.get(j) == Some(&'"')).then_some((j, hashes))
}

/// The index of the brace that closes the one opened at `open` (in stripped text).
fn matching_brace(c: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (j, &ch) in c.iter().enumerate().skip(open) {
        match ch {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

/// Where the item starting at `from` ends (inclusive), in stripped text: at
/// its `;` (a `use`, a unit or tuple struct...) or at the brace closing its
/// first top-level block (a module, a function, an impl).
fn item_end(c: &[char], from: usize) -> usize {
    let mut depth = 0i32;
    let rest: String = c[from..].iter().take(64).collect();
    let is_use = rest
        .trim_start()
        .trim_start_matches("pub(crate)")
        .trim_start_matches("pub")
        .trim_start()
        .starts_with("use ");
    for (j, &ch) in c.iter().enumerate().skip(from) {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '{' if depth == 0 && !is_use => return matching_brace(c, j).unwrap_or(c.len() - 1),
            '{' => depth += 1,
            '}' => depth -= 1,
            ';' if depth == 0 => return j,
            _ => {}
        }
    }
    c.len() - 1
}

/// Stripped text (see [`strip`]) with every `#[cfg(test)]` item blanked
/// (newlines kept): the code the library is built from.
fn without_tests(stripped: &str) -> String {
    const ATTR: &str = "#[cfg(test)]";
    let mut c: Vec<char> = stripped.chars().collect();
    let attr: Vec<char> = ATTR.chars().collect();
    let mut i = 0;
    while i + attr.len() <= c.len() {
        if c[i..i + attr.len()] == attr[..] {
            let end = item_end(&c, i + attr.len());
            for ch in &mut c[i..=end] {
                if *ch != '\n' {
                    *ch = ' ';
                }
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    c.into_iter().collect()
}

/// The 1-based line of every char index.
fn line_of(c: &[char], index: usize) -> usize {
    c[..index].iter().filter(|&&ch| ch == '\n').count() + 1
}

// ------------------------------------------------------------------ the checkers

/// Lines of code of a file: not blank, not comment-only, not in a
/// `#[cfg(test)]` item.
fn code_lines(text: &str) -> usize {
    without_tests(&strip(text))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count()
}

/// A function: its name, the line of its `fn` and its length in lines.
#[derive(Debug, PartialEq)]
struct Function {
    name: String,
    line: usize,
    lines: usize,
}

/// Every function with a body outside `#[cfg(test)]` items.
fn functions(text: &str) -> Vec<Function> {
    let code = without_tests(&strip(text));
    let c: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 2 < c.len() {
        let word_start = i == 0 || !is_ident(c[i - 1]);
        if !(word_start && c[i] == 'f' && c[i + 1] == 'n' && c[i + 2].is_whitespace()) {
            i += 1;
            continue;
        }
        let mut j = i + 2;
        while j < c.len() && c[j].is_whitespace() {
            j += 1;
        }
        let name: String = c[j..].iter().take_while(|&&ch| is_ident(ch)).collect();
        if name.is_empty() {
            i += 2;
            continue;
        }
        // The body: the first `{` outside parentheses and brackets, unless a
        // `;` comes first (a declaration without a body).
        let mut depth = 0i32;
        let mut body = None;
        for (k, &ch) in c.iter().enumerate().skip(j) {
            match ch {
                '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                ';' if depth == 0 => break,
                '{' if depth == 0 => {
                    body = Some(k);
                    break;
                }
                _ => {}
            }
        }
        if let Some(close) = body.and_then(|b| matching_brace(&c, b)) {
            let line = line_of(&c, i);
            found.push(Function {
                name,
                line,
                lines: line_of(&c, close) - line + 1,
            });
        }
        i = j;
    }
    found
}

/// The first path segments after `crate::` in code (not in comments,
/// literals or `#[cfg(test)]` items unless `tests` is true), with their
/// lines: `use crate::a::X` and `crate::b::f()` give `a` and `b`;
/// `use crate::{c, d::Y}` gives `c` and `d`.
fn crate_refs(text: &str, tests: bool) -> Vec<(usize, String)> {
    let stripped = strip(text);
    let code = if tests {
        stripped
    } else {
        without_tests(&stripped)
    };
    let c: Vec<char> = code.chars().collect();
    let mut refs = Vec::new();
    let word: Vec<char> = "crate".chars().collect();
    let mut i = 0;
    while i + word.len() < c.len() {
        let starts = (i == 0 || !is_ident(c[i - 1])) && c[i..i + word.len()] == word[..];
        let mut j = i + word.len();
        if !starts || c.get(j).copied().is_some_and(is_ident) {
            i += 1;
            continue;
        }
        let skip_ws = |mut j: usize| {
            while j < c.len() && c[j].is_whitespace() {
                j += 1;
            }
            j
        };
        j = skip_ws(j);
        if !(c.get(j) == Some(&':') && c.get(j + 1) == Some(&':')) {
            i = j;
            continue;
        }
        j = skip_ws(j + 2);
        let line = line_of(&c, i);
        if c.get(j) == Some(&'{') {
            let close = matching_brace(&c, j).unwrap_or(c.len() - 1);
            let group: String = c[j + 1..close].iter().collect();
            let mut depth = 0;
            let mut part = String::new();
            for ch in group.chars().chain([',']) {
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        let first: String =
                            part.trim().chars().take_while(|&ch| is_ident(ch)).collect();
                        if !first.is_empty() && first != "self" {
                            refs.push((line, first));
                        }
                        part.clear();
                        continue;
                    }
                    _ => {}
                }
                part.push(ch);
            }
            i = close;
        } else {
            let first: String = c[j..].iter().take_while(|&&ch| is_ident(ch)).collect();
            if !first.is_empty() {
                refs.push((line, first));
            }
            i = j;
        }
    }
    refs
}

/// The names the crate root re-exports from its modules (`pub use m::{A, B}`),
/// mapped to their module, so that `crate::A` counts as a use of `m`.
fn root_reexports(lib: &str, modules: &BTreeSet<String>) -> BTreeMap<String, String> {
    let code = without_tests(&strip(lib));
    let mut names = BTreeMap::new();
    for stmt in code.split(';') {
        let s = stmt.trim();
        let Some(path) = s.strip_prefix("pub use ") else {
            continue;
        };
        let path = path.trim().trim_start_matches("crate::").trim();
        let Some((module, rest)) = path.split_once("::") else {
            continue;
        };
        if !modules.contains(module.trim()) {
            continue;
        }
        let rest = rest.trim().trim_start_matches('{').trim_end_matches('}');
        for item in rest.split(',') {
            let item = item.trim();
            let name = match item.split_once(" as ") {
                Some((_, alias)) => alias.trim(),
                None => item.rsplit("::").next().unwrap_or(item).trim(),
            };
            if !name.is_empty() {
                names.insert(name.to_string(), module.trim().to_string());
            }
        }
    }
    names
}

/// Where an edge of the module graph was seen: a file, a line, its text.
#[derive(Debug, Clone)]
struct Witness {
    file: String,
    line: usize,
    text: String,
}

impl std::fmt::Display for Witness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.text)
    }
}

/// A source file of a top-level module: the module, the path shown, the text.
struct Source {
    module: String,
    file: String,
    text: String,
}

type Graph = BTreeMap<(String, String), Witness>;

/// The module graph: an edge `a -> b` (with its first witness) when code of
/// module `a` outside `#[cfg(test)]` items names `crate::b`, or a name the
/// crate root re-exports from `b`.
fn module_graph(sources: &[Source], reexports: &BTreeMap<String, String>) -> Graph {
    let modules: BTreeSet<&str> = sources.iter().map(|s| s.module.as_str()).collect();
    let mut edges = Graph::new();
    for s in sources {
        for (line, name) in crate_refs(&s.text, false) {
            let target = if modules.contains(name.as_str()) {
                name
            } else if let Some(m) = reexports.get(&name) {
                m.clone()
            } else {
                continue;
            };
            if target != s.module {
                edges
                    .entry((s.module.clone(), target))
                    .or_insert_with(|| Witness {
                        file: s.file.clone(),
                        line,
                        text: s.text.lines().nth(line - 1).unwrap_or("").trim().into(),
                    });
            }
        }
    }
    edges
}

/// The cycles of the graph: for every edge `a -> b` that lies on one, the
/// shortest cycle through it (`[a, b, .., a]`), each cycle once (starting
/// at its first module by name); empty when the graph has no cycle.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in graph.keys() {
        next.entry(a).or_default().push(b);
        next.entry(b).or_default();
    }
    // The shortest path from `from` to `to` (breadth first), both included.
    let path = |from: &str, to: &str| -> Option<Vec<String>> {
        let mut back: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([from]);
        while let Some(x) = queue.pop_front() {
            if x == to {
                let mut p = vec![to.to_string()];
                let mut at = to;
                while at != from {
                    at = back[at];
                    p.push(at.to_string());
                }
                p.reverse();
                return Some(p);
            }
            for &t in &next[x] {
                if t != from && !back.contains_key(t) {
                    back.insert(t, x);
                    queue.push_back(t);
                }
            }
        }
        None
    };
    let mut found: BTreeSet<Vec<String>> = BTreeSet::new();
    for (a, b) in graph.keys() {
        let Some(back) = path(b, a) else { continue };
        let mut cycle: Vec<String> = std::iter::once(a.clone()).chain(back).collect();
        cycle.pop();
        let first = (0..cycle.len())
            .min_by_key(|&i| &cycle[i])
            .expect("not empty");
        cycle.rotate_left(first);
        cycle.push(cycle[0].clone());
        found.insert(cycle);
    }
    found.into_iter().collect()
}

/// The uses of `forbidden` modules by a data-module source (code and tests;
/// comments and literals aside): `(line, module, line text)`.
fn forbidden_uses(
    text: &str,
    forbidden: &[&str],
    reexports: &BTreeMap<String, String>,
) -> Vec<(usize, String, String)> {
    crate_refs(text, true)
        .into_iter()
        .filter_map(|(line, name)| {
            let module = reexports.get(&name).cloned().unwrap_or(name);
            forbidden.contains(&module.as_str()).then(|| {
                let t = text.lines().nth(line - 1).unwrap_or("").trim().to_string();
                (line, module, t)
            })
        })
        .collect()
}

// ------------------------------------------------------------------ the source tree

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rs_files(dir: &Path, into: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rs_files(&p, into);
        } else if p.extension().is_some_and(|x| x == "rs") {
            into.push(p);
        }
    }
}

/// Every file of `src/` but the crate root, with its top-level module
/// (`src/x.rs` and the files under `src/x/` are module `x`).
fn sources() -> Vec<Source> {
    let src = src_dir();
    let mut files = Vec::new();
    rs_files(&src, &mut files);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    files
        .into_iter()
        .filter(|p| p.parent() != Some(src.as_path()) || p.file_stem().is_some_and(|s| s != "lib"))
        .map(|p| {
            let rel = p.strip_prefix(&src).expect("under src");
            let first = rel.components().next().expect("a component");
            let module = Path::new(first.as_os_str())
                .file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            Source {
                module,
                file: p.strip_prefix(root).unwrap_or(&p).display().to_string(),
                text: std::fs::read_to_string(&p)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display())),
            }
        })
        .collect()
}

fn reexports(sources: &[Source]) -> BTreeMap<String, String> {
    let modules: BTreeSet<String> = sources.iter().map(|s| s.module.clone()).collect();
    let lib = std::fs::read_to_string(src_dir().join("lib.rs")).expect("src/lib.rs");
    root_reexports(&lib, &modules)
}

// ------------------------------------------------------------------ the checks

#[test]
fn top_level_modules_have_no_cycle() {
    let sources = sources();
    let graph = module_graph(&sources, &reexports(&sources));
    let found = cycles(&graph);
    let mut report = String::new();
    for cycle in &found {
        writeln!(report, "cycle: {}", cycle.join(" -> ")).unwrap();
        for pair in cycle.windows(2) {
            let w = &graph[&(pair[0].clone(), pair[1].clone())];
            writeln!(report, "  {} -> {}: {w}", pair[0], pair[1]).unwrap();
        }
    }
    assert!(
        found.is_empty(),
        "the top-level modules of src/ depend on each other in a cycle (edges: crate:: paths in code outside #[cfg(test)]):\n{report}"
    );
}

#[test]
fn data_module_uses_neither_engine_nor_schedule() {
    let sources = sources();
    let reexports = reexports(&sources);
    let data: Vec<&Source> = sources.iter().filter(|s| s.module == DATA_MODULE).collect();
    assert!(!data.is_empty(), "src/{DATA_MODULE}/ has no source file");
    let mut report = String::new();
    for s in data {
        for (line, module, text) in forbidden_uses(&s.text, &DATA_FORBIDDEN, &reexports) {
            writeln!(report, "{}:{line}: uses crate::{module}: {text}", s.file).unwrap();
        }
    }
    assert!(
        report.is_empty(),
        "the data module must not use {DATA_FORBIDDEN:?} (it is the format the engine compiles):\n{report}"
    );
}

#[test]
fn no_file_is_too_long() {
    let mut report = String::new();
    for s in sources() {
        let n = code_lines(&s.text);
        if n > MAX_FILE_CODE_LINES {
            writeln!(report, "{}: {n} lines of code", s.file).unwrap();
        }
    }
    assert!(
        report.is_empty(),
        "files of src/ over {MAX_FILE_CODE_LINES} lines of code (blank lines, comment-only lines and #[cfg(test)] items not counted):\n{report}"
    );
}

#[test]
fn no_function_is_too_long() {
    let mut report = String::new();
    for s in sources() {
        for f in functions(&s.text) {
            if f.lines > MAX_FN_LINES {
                writeln!(
                    report,
                    "{}:{}: fn {} (module {}) is {} lines",
                    s.file, f.line, f.name, s.module, f.lines
                )
                .unwrap();
            }
        }
    }
    assert!(
        report.is_empty(),
        "functions of src/ longer than {MAX_FN_LINES} lines (from the fn line to the closing brace; #[cfg(test)] items not checked):\n{report}"
    );
}

// ------------------------------------------------------------------ the checkers on synthetic sources

fn source(module: &str, text: &str) -> Source {
    Source {
        module: module.into(),
        file: format!("src/{module}.rs"),
        text: text.into(),
    }
}

fn function_of(lines: usize) -> String {
    let mut f = String::from("pub fn long(x: u32) -> u32 {\n");
    for _ in 0..lines - 2 {
        f.push_str("    let _y = x + 1;\n");
    }
    f.push_str("}\n");
    f
}

#[test]
fn checker_finds_a_two_module_cycle() {
    let sources = [
        source("a", "use crate::b::Thing;\n"),
        source("b", "fn f() {\n    crate::a::g();\n}\n"),
        source("c", "use crate::{a, b::Other};\n"),
    ];
    let graph = module_graph(&sources, &BTreeMap::new());
    assert_eq!(cycles(&graph), vec![vec!["a", "b", "a"]]);
    let w = &graph[&("b".to_string(), "a".to_string())];
    assert_eq!((w.file.as_str(), w.line), ("src/b.rs", 2));
}

#[test]
fn checker_finds_a_longer_cycle_through_a_root_reexport() {
    let lib = "pub mod a;\npub use c::{Thing, Other as Alias};\npub use rust_decimal::Decimal;\n";
    let modules: BTreeSet<String> = ["a", "b", "c"].map(String::from).into();
    let re = root_reexports(lib, &modules);
    assert_eq!(re.get("Alias").map(String::as_str), Some("c"));
    assert_eq!(re.get("Decimal"), None);
    let sources = [
        source("a", "use crate::b;\n"),
        source("b", "pub fn f() -> crate::Thing { todo!() }\n"),
        source("c", "use crate::{\n    a::X,\n};\n"),
    ];
    let graph = module_graph(&sources, &re);
    assert_eq!(cycles(&graph), vec![vec!["a", "b", "c", "a"]]);
}

#[test]
fn checker_ignores_tests_comments_strings_and_super() {
    let sources = [
        source("a", "use crate::b::Thing;\n"),
        source(
            "b",
            "// crate::a\n/// [`crate::a::X`]\nconst S: &str = \"crate::a\";\nconst R: &str = r#\"crate::a\"#;\nuse super::x;\n\
             #[cfg(test)]\nmod tests {\n    use crate::a::X;\n}\n",
        ),
    ];
    let graph = module_graph(&sources, &BTreeMap::new());
    assert!(cycles(&graph).is_empty(), "{graph:?}");
    assert_eq!(graph.len(), 1);
}

#[test]
fn checker_finds_a_forbidden_use_with_its_line() {
    let text = "//! crate::engine in a comment\nuse crate::date::Date;\nuse crate::{error::Error, engine::Engine};\nfn f() -> crate::Schedule { todo!() }\n";
    let re = BTreeMap::from([("Schedule".to_string(), "schedule".to_string())]);
    let found = forbidden_uses(text, &DATA_FORBIDDEN, &re);
    let got: Vec<(usize, &str)> = found.iter().map(|(l, m, _)| (*l, m.as_str())).collect();
    assert_eq!(got, [(3, "engine"), (4, "schedule")]);
    assert!(found[0].2.starts_with("use crate::{error"));
}

#[test]
fn checker_measures_functions_at_the_limit() {
    let at_limit = function_of(MAX_FN_LINES);
    let over = function_of(MAX_FN_LINES + 1);
    assert_eq!(functions(&at_limit)[0].lines, MAX_FN_LINES);
    assert_eq!(functions(&over)[0].lines, MAX_FN_LINES + 1);
    let long: Vec<_> = functions(&format!("\n{over}"))
        .into_iter()
        .filter(|f| f.lines > MAX_FN_LINES)
        .collect();
    assert_eq!(
        long,
        [Function {
            name: "long".into(),
            line: 2,
            lines: 121
        }]
    );
}

#[test]
fn checker_matches_braces_past_literals_lifetimes_and_comments() {
    let text = r##"
impl<'a> Thing<'a> {
    fn open(&self) -> char {
        let _s = "}}}";
        let _r = r#"{"#;
        // }
        /* { */
        let _b = b'{';
        let _e = '\'';
        '{'
    }
    fn labelled<'b>(x: &'b str) -> &'b str {
        'outer: loop {
            break 'outer;
        }
        x
    }
    fn declared(&self);
}
#[cfg(test)]
mod tests {
    fn hidden() {}
}
"##;
    let got: Vec<(String, usize, usize)> = functions(text)
        .into_iter()
        .map(|f| (f.name, f.line, f.lines))
        .collect();
    assert_eq!(
        got,
        [("open".to_string(), 3, 9), ("labelled".to_string(), 12, 6)]
    );
}

#[test]
fn checker_counts_code_lines_only() {
    let text = "//! module doc\n\nuse a::b;\n/// doc\nfn f() {\n    // note\n    let s = \"\n\";\n}\n#[cfg(test)]\nmod tests {\n    fn t() {}\n}\n";
    // use, fn, let s = ", the string's second line, }
    assert_eq!(code_lines(text), 5);
    let big: String = "let x = 1;\n".repeat(MAX_FILE_CODE_LINES + 1);
    assert_eq!(code_lines(&big), MAX_FILE_CODE_LINES + 1);
}
