//! Providers side by side, one row per attribute, as a client reads them.

use serde::Serialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

use super::*;

/// A compared provider, with its site nearest the client that offers the service.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompareColumn {
    pub provider: ProviderRef,
    pub site_name: String,
}

/// One attribute across the compared providers.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompareRow {
    /// Stable key, e.g. `distance` or `languages`.
    pub key: String,
    /// The attribute's name in the reader's language.
    pub label: String,
    /// One value per provider for reading, in the order of `providers`.
    pub values: Vec<String>,
    /// The same values as data an app can sort, filter or show as icons, in the same order:
    /// `distance` km and `unit_price` cents as numbers; `form` a code; `work_tasks`,
    /// `group_themes`, `languages` and `meal` lists of codes; `step_free` and
    /// `partial_work_ability` true or false; `group_size_max`, `free_places` and `queue_length`
    /// whole numbers (null: none); `next_start` a date (null: not known);
    /// `responsible_person` and `address` text.
    pub data: Vec<serde_json::Value>,
    /// The providers differ here.
    pub differs: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Comparison {
    pub service: ServiceRef,
    pub providers: Vec<CompareColumn>,
    pub rows: Vec<CompareRow>,
}

impl Texts<'_> {
    fn yes_no(&self, b: bool) -> String {
        self.plain(if b { "value-yes" } else { "value-no" })
    }

    fn list(&self, names: impl IntoIterator<Item = String>) -> String {
        let names: Vec<String> = names.into_iter().collect();
        if names.is_empty() {
            return self.plain("value-none");
        }
        names.join(", ")
    }

    fn meal(&self, o: &Offering) -> String {
        let mut parts = Vec::new();
        if o.hot_meal {
            parts.push(self.plain("meal-hot"));
        }
        if o.meal_heating {
            parts.push(self.plain("meal-heating"));
        }
        if parts.is_empty() {
            return self.plain("value-none");
        }
        parts.join(", ")
    }

    /// Two to four providers side by side: one row per attribute, marking where they differ.
    pub fn comparison<C: Candidate>(
        &self,
        hits: Vec<Hit<'_, C>>,
        terms: &Terms,
        service: ServiceRef,
    ) -> Comparison {
        let unit = terms.unit().as_str();
        let rows = ROWS
            .iter()
            .map(|key| {
                let cells: Vec<(String, Value)> = hits
                    .iter()
                    .map(|h| self.cell(key, h, terms, unit))
                    .collect();
                let differs = cells.windows(2).any(|w| w[0].1 != w[1].1);
                let (values, data) = cells.into_iter().unzip();
                CompareRow {
                    key: key.to_string(),
                    label: self.plain(&format!("compare-{}", key.replace('_', "-"))),
                    values,
                    data,
                    differs,
                }
            })
            .collect();
        Comparison {
            service,
            providers: hits
                .into_iter()
                .map(|h| CompareColumn {
                    provider: ProviderRef {
                        id: h.offer().provider_id.clone(),
                        name: h.offer().provider_name.clone(),
                    },
                    site_name: h.offer().site_name.clone(),
                })
                .collect(),
            rows,
        }
    }

    /// One provider's value of the row `key`: for reading, and as data.
    fn cell<C: Candidate>(
        &self,
        key: &str,
        h: &Hit<C>,
        terms: &Terms,
        unit: &str,
    ) -> (String, Value) {
        let o = &h.offer().offering;
        let codes = |codes: Vec<&str>| json!(codes);
        let count = |n: Option<i32>| match n {
            Some(n) => (n.to_string(), json!(n)),
            None => (self.plain("value-none"), Value::Null),
        };
        match key {
            "distance" => (self.distance(h.distance_km()), json!(h.distance_km())),
            "unit_price" => {
                let cents = terms.price_at(MeetingPlace::Km(h.distance_km())).cents;
                let price = format_money(cents, self.lang);
                let args = vec![("price", price.into()), ("unit", unit.into())];
                (self.text("price-per-unit", &args), json!(cents))
            }
            "form" => (self.form(o.form).name, json!(o.form.as_str())),
            "work_tasks" => (
                self.list(self.work_tasks(&o.work_tasks).into_iter().map(|l| l.name)),
                codes(o.work_tasks.iter().map(|t| t.as_str()).collect()),
            ),
            "group_themes" => (
                self.list(
                    self.group_themes(&o.group_themes)
                        .into_iter()
                        .map(|l| l.name),
                ),
                codes(o.group_themes.iter().map(|t| t.as_str()).collect()),
            ),
            "languages" => (
                self.list(self.languages(&o.languages).into_iter().map(|l| l.name)),
                codes(o.languages.iter().map(|l| l.as_str()).collect()),
            ),
            "step_free" => (self.yes_no(o.step_free), json!(o.step_free)),
            "partial_work_ability" => (
                self.yes_no(o.partial_work_ability),
                json!(o.partial_work_ability),
            ),
            "meal" => {
                let served = [(o.hot_meal, "hot"), (o.meal_heating, "heating")];
                let data = served.iter().filter(|m| m.0).map(|m| m.1).collect();
                (self.meal(o), codes(data))
            }
            "group_size_max" => count(o.group_size_max),
            "free_places" => count(Some(o.free_places)),
            "queue_length" => count(Some(o.queue_length)),
            "next_start" => match o.next_start_on {
                Some(d) => (self.date(d), json!(d)),
                None => (self.plain("value-unknown"), Value::Null),
            },
            "responsible_person" => {
                let name = o.responsible.name.clone();
                (name.clone(), json!(name))
            }
            _ => {
                let address = h.offer().address().line();
                (address.clone(), json!(address))
            }
        }
    }
}

/// The rows of a comparison, in the order shown.
const ROWS: &[&str] = &[
    "distance",
    "unit_price",
    "form",
    "work_tasks",
    "group_themes",
    "languages",
    "step_free",
    "partial_work_ability",
    "meal",
    "group_size_max",
    "free_places",
    "queue_length",
    "next_start",
    "responsible_person",
    "address",
];
