//! Every text a person reads comes from `locales/{fi,sv,en}` (Fluent), embedded in the binary.
//! The language is negotiated from `Accept-Language` with its q-weights, then the person's stored
//! choice, then Finnish.

use std::borrow::Cow;
use std::str::FromStr;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A value for a message placeholder.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    Text(String),
    Number(f64),
}

impl From<&str> for ArgValue {
    fn from(s: &str) -> Self {
        ArgValue::Text(s.to_string())
    }
}
impl From<String> for ArgValue {
    fn from(s: String) -> Self {
        ArgValue::Text(s)
    }
}
impl From<i64> for ArgValue {
    fn from(n: i64) -> Self {
        ArgValue::Number(n as f64)
    }
}
impl From<u64> for ArgValue {
    fn from(n: u64) -> Self {
        ArgValue::Number(n as f64)
    }
}

pub type Args = Vec<(&'static str, ArgValue)>;

mod format;
pub use format::{format_date, format_moment, format_money, format_money_range, format_time};

/// The languages the service speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fi,
    Sv,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Fi, Lang::Sv, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fi => "fi",
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn index(self) -> usize {
        match self {
            Lang::Fi => 0,
            Lang::Sv => 1,
            Lang::En => 2,
        }
    }
}

impl FromStr for Lang {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "fi" => Ok(Lang::Fi),
            "sv" => Ok(Lang::Sv),
            "en" => Ok(Lang::En),
            _ => Err(()),
        }
    }
}

/// A text stored in the three languages (a municipality's name, a provider's description).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Translations {
    pub fi: String,
    pub sv: String,
    pub en: String,
}

impl Translations {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fi => &self.fi,
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }

    pub fn take(self, lang: Lang) -> String {
        match lang {
            Lang::Fi => self.fi,
            Lang::Sv => self.sv,
            Lang::En => self.en,
        }
    }
}

/// The locale files, per language, compiled into the binary. A test checks that this list is
/// exactly the set of files in `locales/`.
pub const LOCALE_FILES: &[&str] = &[
    "errors.ftl",
    "app.ftl",
    "vouchers.ftl",
    "mandates.ftl",
    "providers.ftl",
    "visits.ftl",
    "notifications.ftl",
    "agreements.ftl",
    "attendance.ftl",
    "chat.ftl",
    "billing.ftl",
    "push.ftl",
];

macro_rules! embed_locale {
    ($lang:literal) => {
        [
            include_str!(concat!("../../locales/", $lang, "/errors.ftl")),
            include_str!(concat!("../../locales/", $lang, "/app.ftl")),
            include_str!(concat!("../../locales/", $lang, "/vouchers.ftl")),
            include_str!(concat!("../../locales/", $lang, "/mandates.ftl")),
            include_str!(concat!("../../locales/", $lang, "/providers.ftl")),
            include_str!(concat!("../../locales/", $lang, "/visits.ftl")),
            include_str!(concat!("../../locales/", $lang, "/notifications.ftl")),
            include_str!(concat!("../../locales/", $lang, "/agreements.ftl")),
            include_str!(concat!("../../locales/", $lang, "/attendance.ftl")),
            include_str!(concat!("../../locales/", $lang, "/chat.ftl")),
            include_str!(concat!("../../locales/", $lang, "/billing.ftl")),
            include_str!(concat!("../../locales/", $lang, "/push.ftl")),
        ]
    };
}

const SOURCES: [[&str; 12]; 3] = [
    embed_locale!("fi"),
    embed_locale!("sv"),
    embed_locale!("en"),
];

/// The three Fluent bundles, built once at start-up and shared.
pub struct Localizer {
    bundles: Vec<FluentBundle<FluentResource>>,
}

impl Localizer {
    /// Parses the embedded locale files. Fails on a syntax error or a duplicate message id.
    pub fn new() -> Result<Localizer, String> {
        let mut bundles = Vec::with_capacity(3);
        for lang in Lang::ALL {
            let id = unic_langid::LanguageIdentifier::from_str(lang.code())
                .map_err(|e| e.to_string())?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Unicode isolation marks would end up inside JSON strings; our texts do not mix
            // writing directions.
            bundle.set_use_isolating(false);
            for (name, source) in LOCALE_FILES.iter().zip(SOURCES[lang.index()]) {
                let resource = FluentResource::try_new(source.to_string())
                    .map_err(|(_, errs)| format!("locales/{}/{name}: {errs:?}", lang.code()))?;
                bundle
                    .add_resource(resource)
                    .map_err(|errs| format!("locales/{}/{name}: {errs:?}", lang.code()))?;
            }
            bundles.push(bundle);
        }
        Ok(Localizer { bundles })
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        &self.bundles[lang.index()]
    }

    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang).has_message(id)
    }

    /// The message's value. A missing message shows its id (and is caught by the locale tests).
    pub fn text(&self, lang: Lang, id: &str, args: &Args) -> String {
        self.format(lang, id, None, args)
            .unwrap_or_else(|| id.to_string())
    }

    /// A message attribute such as `.detail`.
    pub fn attr(&self, lang: Lang, id: &str, attr: &str, args: &Args) -> Option<String> {
        self.format(lang, id, Some(attr), args)
    }

    fn format(&self, lang: Lang, id: &str, attr: Option<&str>, args: &Args) -> Option<String> {
        let bundle = self.bundle(lang);
        let message = bundle.get_message(id)?;
        let pattern = match attr {
            None => message.value()?,
            Some(a) => message.get_attribute(a)?.value(),
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let v: FluentValue = match value {
                ArgValue::Text(s) => FluentValue::String(Cow::Owned(s.clone())),
                ArgValue::Number(n) => FluentValue::from(*n),
            };
            fluent_args.set(*name, v);
        }
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(
                message_id = id,
                ?errors,
                "locale message formatted with errors"
            );
        }
        Some(out.into_owned())
    }
}

/// Picks our best language from an `Accept-Language` header, honouring q-weights. `None` when
/// the header names none of our languages (a `*` counts as none, so the caller's own preference
/// or Finnish applies).
pub fn negotiate(header: &str) -> Option<Lang> {
    let mut best: Option<(f32, usize, Lang)> = None;
    for (position, item) in header.split(',').enumerate() {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim();
        let mut q = 1.0f32;
        for param in parts {
            if let Some(v) = param
                .trim()
                .strip_prefix("q=")
                .or_else(|| param.trim().strip_prefix("Q="))
            {
                q = v
                    .trim()
                    .parse::<f32>()
                    .ok()
                    .filter(|q| (0.0..=1.0).contains(q))
                    .unwrap_or(0.0);
            }
        }
        if q <= 0.0 {
            continue;
        }
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        let Ok(lang) = primary.parse::<Lang>() else {
            continue;
        };
        // Highest weight wins; among equal weights the earlier one.
        let better = match best {
            None => true,
            Some((bq, bpos, _)) => q > bq || (q == bq && position < bpos),
        };
        if better {
            best = Some((q, position, lang));
        }
    }
    best.map(|(_, _, lang)| lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_honours_q_weights() {
        assert_eq!(negotiate("sv"), Some(Lang::Sv));
        assert_eq!(negotiate("en-GB,en;q=0.9"), Some(Lang::En));
        assert_eq!(negotiate("fi;q=0.3, sv;q=0.8, en;q=0.5"), Some(Lang::Sv));
        assert_eq!(negotiate("de-DE, en;q=0.2"), Some(Lang::En));
        assert_eq!(negotiate("sv-FI;q=0.9, fi-FI"), Some(Lang::Fi));
        assert_eq!(negotiate("en;q=0, sv;q=0.1"), Some(Lang::Sv));
        assert_eq!(negotiate("*"), None);
        assert_eq!(negotiate("de, fr"), None);
        assert_eq!(negotiate(""), None);
        assert_eq!(negotiate("en;q=abc, sv;q=0.4"), Some(Lang::Sv));
        assert_eq!(negotiate("EN"), Some(Lang::En));
    }

    #[test]
    fn embedded_locales_parse_and_format_with_arguments() {
        let l = Localizer::new().unwrap();
        let args: Args = vec![("field", ArgValue::from("colour"))];
        for lang in Lang::ALL {
            let detail = l
                .attr(lang, "error-request-unknown_field", "detail", &args)
                .unwrap();
            assert!(detail.contains("colour"), "{lang:?}: {detail}");
        }
    }
}
