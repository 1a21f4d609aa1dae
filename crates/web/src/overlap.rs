//! The sets a private overlap (`docs/SHARING.md`, "Private overlap") compares: an
//! organisation's victims (normalised phone numbers and e-mail addresses from the sealed
//! reporter data of its own reports) or its indicators (normalised, warninglisted ones left
//! out). Used by the server (`api::overlap`) and by `dragnet overlap` on the other side, so
//! both normalise the same way.

use dragnet_share::psi;
use dragnet_store::{ReportStore, StoreError};
use std::collections::BTreeSet;

/// Which set a session compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetKind {
    Victims,
    Indicators,
}

impl SetKind {
    /// The PSI context both sides put in their hello.
    pub fn as_str(self) -> &'static str {
        match self {
            SetKind::Victims => "victims",
            SetKind::Indicators => "indicators",
        }
    }
}

impl std::str::FromStr for SetKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "victims" => Ok(SetKind::Victims),
            "indicators" => Ok(SetKind::Indicators),
            _ => Err(format!("`{s}` is not a set (victims, indicators)")),
        }
    }
}

/// The distinct PSI items of organisation `org_id`'s set, sorted. Reports of other
/// organisations (and shared intelligence without an owner) are never read.
pub async fn org_set(
    store: &dyn ReportStore,
    org_id: i64,
    kind: SetKind,
) -> Result<Vec<Vec<u8>>, StoreError> {
    let mut items: BTreeSet<Vec<u8>> = BTreeSet::new();
    let mut after = 0;
    // The SQL store reads victims' data a page of reports per statement.
    if kind == SetKind::Victims
        && let Some(sql) = store.as_sql()
    {
        loop {
            let page = sql.org_victims_after(org_id, after, 5000).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            for v in &page {
                let region = v
                    .reporter
                    .country
                    .or_else(|| dragnet_core::Country::parse(v.country.as_deref()?).ok());
                for contact in [&v.reporter.email, &v.reporter.phone].into_iter().flatten() {
                    if let Some(item) = psi::victim_item(contact, region) {
                        items.insert(item);
                    }
                }
            }
        }
        return Ok(items.into_iter().collect());
    }
    loop {
        let page = store.reports_after(after, 1000).await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for r in page.iter().filter(|r| r.org_id == Some(org_id)) {
            match kind {
                SetKind::Indicators => {
                    for i in r.indicators.iter().filter(|i| i.warning.is_none()) {
                        items.insert(psi::indicator_item(i.ty, &i.value));
                    }
                }
                SetKind::Victims => {
                    if !r.has_reporter {
                        continue;
                    }
                    let Some(rep) = store.reporter(r.seq).await? else {
                        continue;
                    };
                    let region = rep
                        .country
                        .or_else(|| dragnet_core::Country::parse(r.country.as_deref()?).ok());
                    for contact in [&rep.email, &rep.phone].into_iter().flatten() {
                        if let Some(item) = psi::victim_item(contact, region) {
                            items.insert(item);
                        }
                    }
                }
            }
        }
    }
    Ok(items.into_iter().collect())
}
