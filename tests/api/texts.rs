//! Every text a person reads, checked as a whole: each number is written with Fluent's plural
//! forms, and no sentence is long.
//!
//! The variables are found by parsing every `.ftl` file. A variable is a number unless it is
//! listed in [`TEXT_VARIABLES`]. Each message (and attribute) of every locale is rendered with each
//! of its numbers as 1 and as 2, and the result must not read "1 days", "1 päivää", "1 månader"
//! or "2 day"; and every place a number is written must sit inside a select on that number (or,
//! as the start of a range "1–4", inside the select on the range's end).

use std::collections::{BTreeMap, BTreeSet};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;

const LANGS: [&str; 3] = ["fi", "sv", "en"];

/// Variables that hold text: names, dates, amounts already written out, and the codes a select
/// chooses a sentence by. Every other variable is a number.
const TEXT_VARIABLES: &[&str] = &[
    "acting_as",
    "actor",
    "address",
    "allow",
    "allowed",
    "basis",
    "by",
    "cancelled",
    "caseworker",
    "client",
    "date",
    "document",
    "due",
    "done",
    "exception_max",
    "field",
    "form",
    "from",
    "helper",
    "kind",
    "late",
    "latest",
    "month",
    "municipality",
    "name",
    "organisation",
    "per",
    "price",
    "provider",
    "reader",
    "reason",
    "reason_code",
    "reason_text",
    "reference",
    "request_id",
    "service",
    "side",
    "state",
    "status",
    "total",
    "unit",
    "until",
    "value",
    "verified",
    "when",
    "who",
];

/// The longest sentence a text may have, in words (plain language).
const MAX_WORDS: usize = 16;

fn locale_files(lang: &str) -> Vec<(String, String)> {
    let dir = format!("{}/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (
                path.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// One place a variable is written out.
#[derive(Debug)]
struct Placement {
    var: String,
    /// The variables of the selects it sits in, outermost first.
    selected_by: Vec<String>,
    /// The text right after it.
    followed_by: String,
}

/// What a pattern uses: where each variable is written, which selects it has (the selector and
/// the keys of its variants), and which messages it refers to.
#[derive(Debug, Default)]
struct Uses {
    placements: Vec<Placement>,
    selects: Vec<(String, Vec<String>)>,
    variables: BTreeSet<String>,
    references: BTreeSet<String>,
}

fn walk_inline(
    e: &ast::InlineExpression<&str>,
    selectors: &mut Vec<String>,
    next: &str,
    uses: &mut Uses,
) {
    match e {
        ast::InlineExpression::VariableReference { id } => {
            uses.variables.insert(id.name.to_string());
            uses.placements.push(Placement {
                var: id.name.to_string(),
                selected_by: selectors.clone(),
                followed_by: next.to_string(),
            });
        }
        ast::InlineExpression::MessageReference { id, .. } => {
            uses.references.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => {
            walk_expression(expression, selectors, next, uses)
        }
        _ => {}
    }
}

fn walk_expression(
    e: &ast::Expression<&str>,
    selectors: &mut Vec<String>,
    next: &str,
    uses: &mut Uses,
) {
    match e {
        ast::Expression::Inline(inline) => walk_inline(inline, selectors, next, uses),
        ast::Expression::Select { selector, variants } => {
            let name = match selector {
                ast::InlineExpression::VariableReference { id } => id.name.to_string(),
                other => panic!("a select on something other than a variable: {other:?}"),
            };
            uses.variables.insert(name.clone());
            let keys = variants
                .iter()
                .map(|v| match &v.key {
                    ast::VariantKey::Identifier { name } => name.to_string(),
                    ast::VariantKey::NumberLiteral { value } => value.to_string(),
                })
                .collect();
            uses.selects.push((name.clone(), keys));
            selectors.push(name);
            for v in variants {
                walk_pattern(&v.value, selectors, uses);
            }
            selectors.pop();
        }
    }
}

fn walk_pattern(p: &ast::Pattern<&str>, selectors: &mut Vec<String>, uses: &mut Uses) {
    for (i, element) in p.elements.iter().enumerate() {
        if let ast::PatternElement::Placeable { expression } = element {
            let next = match p.elements.get(i + 1) {
                Some(ast::PatternElement::TextElement { value }) => *value,
                _ => "",
            };
            walk_expression(expression, selectors, next, uses);
        }
    }
}

/// Every message and attribute of a locale: (id, attribute) with what its pattern uses.
fn messages(lang: &str) -> BTreeMap<(String, Option<String>), Uses> {
    let mut out = BTreeMap::new();
    for (file, text) in locale_files(lang) {
        let resource = fluent_syntax::parser::parse(text.as_str())
            .unwrap_or_else(|(_, e)| panic!("locales/{lang}/{file}: {e:?}"));
        for entry in resource.body {
            let ast::Entry::Message(m) = entry else {
                continue;
            };
            if let Some(value) = &m.value {
                let mut uses = Uses::default();
                walk_pattern(value, &mut Vec::new(), &mut uses);
                out.insert((m.id.name.to_string(), None), uses);
            }
            for a in &m.attributes {
                let mut uses = Uses::default();
                walk_pattern(&a.value, &mut Vec::new(), &mut uses);
                out.insert((m.id.name.to_string(), Some(a.id.name.to_string())), uses);
            }
        }
    }
    out
}

fn is_number(var: &str) -> bool {
    !TEXT_VARIABLES.contains(&var)
}

/// A pattern's variables with those of the messages it refers to (which share its arguments),
/// and the keys each text variable selects by.
fn all_variables(
    key: &(String, Option<String>),
    all: &BTreeMap<(String, Option<String>), Uses>,
    seen: &mut BTreeSet<String>,
) -> (BTreeSet<String>, BTreeMap<String, BTreeSet<String>>) {
    let uses = &all[key];
    let mut vars = uses.variables.clone();
    let mut keys: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (selector, variant_keys) in &uses.selects {
        if !is_number(selector) {
            keys.entry(selector.clone())
                .or_default()
                .extend(variant_keys.iter().cloned());
        }
    }
    for r in &uses.references {
        if seen.insert(r.clone()) {
            let (v, k) = all_variables(&(r.clone(), None), all, seen);
            vars.extend(v);
            for (selector, variant_keys) in k {
                keys.entry(selector).or_default().extend(variant_keys);
            }
        }
    }
    (vars, keys)
}

/// Every choice of the text selectors' keys (each text variable set to each key it is selected
/// by), so that every variant is read.
fn choices(keys: &BTreeMap<String, BTreeSet<String>>) -> Vec<BTreeMap<String, String>> {
    let mut out = vec![BTreeMap::new()];
    for (var, values) in keys {
        let mut next = Vec::new();
        for choice in &out {
            for v in values {
                let mut c = choice.clone();
                c.insert(var.clone(), v.clone());
                next.push(c);
            }
        }
        out = next;
    }
    assert!(out.len() <= 256, "too many variants to read: {}", out.len());
    out
}

fn bundle(lang: &str) -> FluentBundle<FluentResource> {
    let mut bundle = FluentBundle::new_concurrent(vec![lang.parse().unwrap()]);
    bundle.set_use_isolating(false);
    for (_, text) in locale_files(lang) {
        bundle
            .add_resource(FluentResource::try_new(text).unwrap())
            .unwrap();
    }
    bundle
}

/// Singular forms that must not follow 2, and plural forms that must not follow 1.
fn wrong_forms(lang: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match lang {
        "en" => (
            &[
                "days",
                "months",
                "hours",
                "weeks",
                "years",
                "places",
                "people",
                "seconds",
                "kilobytes",
                "words",
                "units",
                "activity days",
                "working days",
            ],
            &[
                "day",
                "month",
                "hour",
                "week",
                "year",
                "place",
                "person",
                "second",
                "kilobyte",
                "word",
                "unit",
                "activity day",
                "working day",
            ],
        ),
        "fi" => (
            &[
                "päivää",
                "toimintapäivää",
                "arkipäivää",
                "kuukautta",
                "tuntia",
                "viikkoa",
                "vuotta",
                "sekuntia",
                "kilotavua",
                "sanaa",
                "paikkaa",
                "henkeä",
            ],
            &[
                "päivä",
                "toimintapäivä",
                "arkipäivä",
                "kuukausi",
                "tunti",
                "viikko",
                "vuosi",
                "sekunti",
                "kilotavu",
                "sana",
                "paikka",
                "henkilö",
            ],
        ),
        _ => (
            &[
                "dagar",
                "aktivitetsdagar",
                "vardagar",
                "månader",
                "timmar",
                "veckor",
                "sekunder",
                "platser",
                "personer",
            ],
            &[
                "dag",
                "aktivitetsdag",
                "vardag",
                "månad",
                "timme",
                "vecka",
                "sekund",
                "plats",
                "person",
            ],
        ),
    }
}

/// Whether `text` has `n` (as a number of its own) followed by one of `forms`.
fn reads(text: &str, n: &str, forms: &[&str]) -> Option<String> {
    let mut start = 0;
    while let Some(pos) = text[start..].find(n) {
        let at = start + pos;
        start = at + n.len();
        let before = text[..at].chars().last();
        if before.is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.') {
            continue;
        }
        let rest = text[at + n.len()..].trim_start_matches(['\u{a0}', ' ']);
        if !text[at + n.len()..].starts_with([' ', '\u{a0}']) {
            continue;
        }
        for form in forms {
            if let Some(after) = rest.strip_prefix(form) {
                if !after.starts_with(|c: char| c.is_alphabetic()) {
                    return Some(format!("{n} {form}"));
                }
            }
        }
    }
    None
}

fn render(
    bundle: &FluentBundle<FluentResource>,
    key: &(String, Option<String>),
    vars: &BTreeSet<String>,
    numbers: &BTreeMap<String, i64>,
    texts: &BTreeMap<String, String>,
) -> String {
    let message = bundle.get_message(&key.0).unwrap();
    let pattern = match &key.1 {
        None => message.value().unwrap(),
        Some(a) => message.get_attribute(a.as_str()).unwrap().value(),
    };
    let mut args = FluentArgs::new();
    for v in vars {
        match (numbers.get(v), texts.get(v)) {
            (Some(n), _) => args.set(v.as_str(), FluentValue::from(*n)),
            (None, Some(t)) => args.set(v.as_str(), FluentValue::from(t.as_str())),
            (None, None) => args.set(v.as_str(), FluentValue::from("X")),
        }
    }
    let mut errors = Vec::new();
    let out = bundle
        .format_pattern(pattern, Some(&args), &mut errors)
        .to_string();
    assert!(errors.is_empty(), "{key:?}: {errors:?}");
    out
}

#[test]
fn every_number_is_written_with_its_plural_form() {
    let mut failures = Vec::new();
    for lang in LANGS {
        let all = messages(lang);
        let bundle = bundle(lang);
        let (after_one, after_two) = wrong_forms(lang);
        for (key, uses) in &all {
            // Where a number is written, a select on it chooses the words around it.
            for p in uses.placements.iter().filter(|p| is_number(&p.var)) {
                let selected = p.selected_by.contains(&p.var);
                let range_start = p.followed_by.starts_with(['–', '-'])
                    && p.selected_by.iter().any(|s| is_number(s));
                if !selected && !range_start {
                    failures.push(format!(
                        "{lang} {key:?}: ${} is written outside a plural select on it",
                        p.var
                    ));
                }
            }
            for (selector, keys) in &uses.selects {
                if is_number(selector) && !keys.iter().any(|k| k == "one" || k == "1") {
                    failures.push(format!(
                        "{lang} {key:?}: the select on ${selector} has no [one] variant"
                    ));
                }
            }
            // Rendered with each number as 1 and as 2, in every variant, it reads right.
            let (vars, keys) = all_variables(key, &all, &mut BTreeSet::new());
            let numbers: Vec<&String> = vars.iter().filter(|v| is_number(v)).collect();
            for texts in choices(&keys) {
                for n in &numbers {
                    for (value, forms) in [(1, after_one), (2, after_two)] {
                        let mut set: BTreeMap<String, i64> =
                            numbers.iter().map(|v| (v.to_string(), 5)).collect();
                        set.insert(n.to_string(), value);
                        let text = render(&bundle, key, &vars, &set, &texts);
                        if let Some(wrong) = reads(&text, &value.to_string(), forms) {
                            failures.push(format!(
                                "{lang} {key:?} with ${n} = {value}, {texts:?}: \"{wrong}\" in \"{text}\""
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every variable the locale files use is known as a text or a number: a new text variable
/// must be listed in `TEXT_VARIABLES`, or it is taken for a number.
#[test]
fn the_list_of_text_variables_is_current() {
    let mut used = BTreeSet::new();
    for lang in LANGS {
        for uses in messages(lang).values() {
            used.extend(uses.variables.iter().cloned());
        }
    }
    let stale: Vec<&&str> = TEXT_VARIABLES
        .iter()
        .filter(|v| !used.contains(**v))
        .collect();
    assert!(stale.is_empty(), "not used in any locale: {stale:?}");
}

#[test]
fn no_sentence_is_longer_than_sixteen_words() {
    let mut failures = Vec::new();
    for lang in LANGS {
        let all = messages(lang);
        let bundle = bundle(lang);
        for key in all.keys() {
            let (vars, keys) = all_variables(key, &all, &mut BTreeSet::new());
            let numbers = vars
                .iter()
                .filter(|v| is_number(v))
                .map(|v| (v.clone(), 2))
                .collect();
            for texts in choices(&keys) {
                let text = render(&bundle, key, &vars, &numbers, &texts);
                for sentence in text.split_inclusive(['.', '!', '?']) {
                    let words = sentence.split_whitespace().count();
                    if words > MAX_WORDS {
                        failures.push(format!("{lang} {key:?}: {words} words: {sentence}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
