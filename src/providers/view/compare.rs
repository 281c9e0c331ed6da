//! Providers side by side, one row per attribute, as a client reads them.

use serde::Serialize;
use utoipa::ToSchema;

use super::*;

#[derive(Debug, Serialize, ToSchema)]
pub struct CompareColumn {
    #[schema(format = Uuid)]
    pub provider_id: String,
    pub provider_name: String,
    pub site_name: String,
}

/// One attribute across the compared providers.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompareRow {
    /// Stable key, e.g. `distance` or `languages`.
    pub key: String,
    /// The attribute's name in the reader's language.
    pub label: String,
    /// One value per provider, in the order of `providers`.
    pub values: Vec<String>,
    /// The providers differ here.
    pub differs: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Comparison {
    pub service: Labeled,
    pub providers: Vec<CompareColumn>,
    pub rows: Vec<CompareRow>,
}

impl Texts<'_> {
    fn yes_no(&self, b: bool) -> String {
        self.plain(if b { "value-yes" } else { "value-no" })
    }

    fn list(&self, labels: Vec<Labeled>) -> String {
        if labels.is_empty() {
            return self.plain("value-none");
        }
        labels
            .into_iter()
            .map(|l| l.label)
            .collect::<Vec<_>>()
            .join(", ")
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
        service: Labeled,
    ) -> Comparison {
        let unit = terms.unit().as_str();
        type Cell<'a, C> = Box<dyn Fn(&Hit<C>) -> String + 'a>;
        let rows: Vec<(&str, Cell<'_, C>)> = vec![
            (
                "distance",
                Box::new(|h: &Hit<C>| self.distance(h.distance_km())),
            ),
            (
                "unit_price",
                Box::new(move |h: &Hit<C>| {
                    let price = terms.price_at(MeetingPlace::Km(h.distance_km())).cents;
                    let price = format_money(price, self.lang);
                    self.text(
                        "price-per-unit",
                        &vec![("price", price.into()), ("unit", unit.into())],
                    )
                }),
            ),
            (
                "form",
                Box::new(|h: &Hit<C>| self.form(h.offer().offering.form).label),
            ),
            (
                "work_tasks",
                Box::new(|h: &Hit<C>| self.list(self.work_tasks(&h.offer().offering.work_tasks))),
            ),
            (
                "group_themes",
                Box::new(|h: &Hit<C>| {
                    self.list(self.group_themes(&h.offer().offering.group_themes))
                }),
            ),
            (
                "languages",
                Box::new(|h: &Hit<C>| self.list(self.languages(&h.offer().offering.languages))),
            ),
            (
                "step_free",
                Box::new(|h: &Hit<C>| self.yes_no(h.offer().offering.step_free)),
            ),
            (
                "partial_work_ability",
                Box::new(|h: &Hit<C>| self.yes_no(h.offer().offering.partial_work_ability)),
            ),
            (
                "meal",
                Box::new(|h: &Hit<C>| self.meal(&h.offer().offering)),
            ),
            (
                "group_size_max",
                Box::new(|h: &Hit<C>| match h.offer().offering.group_size_max {
                    Some(n) => n.to_string(),
                    None => self.plain("value-none"),
                }),
            ),
            (
                "free_places",
                Box::new(|h: &Hit<C>| h.offer().offering.free_places.to_string()),
            ),
            (
                "queue_length",
                Box::new(|h: &Hit<C>| h.offer().offering.queue_length.to_string()),
            ),
            (
                "next_start",
                Box::new(|h: &Hit<C>| match h.offer().offering.next_start_on {
                    Some(d) => self.date(d),
                    None => self.plain("value-unknown"),
                }),
            ),
            (
                "responsible_person",
                Box::new(|h: &Hit<C>| h.offer().offering.responsible.name.clone()),
            ),
            (
                "address",
                Box::new(|h: &Hit<C>| {
                    format!(
                        "{}, {} {}",
                        h.offer().street_address,
                        h.offer().postal_code,
                        h.offer().city
                    )
                }),
            ),
        ];
        let rows = rows
            .into_iter()
            .map(|(key, cell)| {
                let values: Vec<String> = hits.iter().map(&cell).collect();
                let differs = values.windows(2).any(|w| w[0] != w[1]);
                CompareRow {
                    key: key.to_string(),
                    label: self.plain(&format!("compare-{}", key.replace('_', "-"))),
                    values,
                    differs,
                }
            })
            .collect();
        Comparison {
            service,
            providers: hits
                .into_iter()
                .map(|h| CompareColumn {
                    provider_id: h.offer().provider_id.clone(),
                    provider_name: h.offer().provider_name.clone(),
                    site_name: h.offer().site_name.clone(),
                })
                .collect(),
            rows,
        }
    }
}
