//! The compiled engine: indexes built once from [`ScheduleData`], and the quote
//! algorithm.
//!
//! # The quote algorithm, in order
//!
//! 1. Find the importer; convert the value to its currency (`value x exchange_rate`, not rounded).
//! 2. **Base line**: the tariff line in force on the entry date (10-digit code
//!    first, then its 8-digit line). Column 2 if the origin is in `column2`;
//!    the special rate of a program if the entry claims it, the origin is
//!    eligible and the line lists one of its codes; else column 1 general.
//! 3. **Candidates**: measures whose product scope, origin scope and validity
//!    `[from, until)` cover the entry. A candidate whose conditions fail is
//!    listed in `excluded` with the failed condition.
//! 4. **Exemptions** whose scope, validity and conditions match, and which are
//!    not suspended for the origin, remove what their selectors name (base,
//!    measures, fees); removed items are listed with the exemption as reason.
//! 5. **Stacking**: candidates are visited in the topological order of the
//!    `excludes` / `superseded_by` relations (checked acyclic at load). A
//!    candidate applies unless an applied candidate displaces it.
//! 6. **Amounts**: every line is rounded to the cent, half away from zero
//!    (`MidpointAwayFromZero`). Floor measures come last among duties: the
//!    floor rate of the value less the lines of the counted authorities, never
//!    below zero.
//! 7. **Fees**: percent of the value clamped to [minimum, maximum], plus the
//!    flat amount, rounded; fees removed by an exemption are listed as excluded.
//! 8. **Totals**: duty = base + additional lines; fees; total; effective rate.

use crate::code::HtsCode;
use crate::country::{Country, CountrySet, Currency};
use crate::date::Date;
use crate::entry::{Entry, Mode};
use crate::error::{Error, Result};
use crate::limits;
use crate::quote::{Excluded, ExcludedKind, Line, LineKind, Quote};
use crate::rate::{parse_special, QuantitySource, Rate};
use crate::schedule::{
    BaseTable, Conditions, ImporterData, OriginScope, ProductScope, ScheduleData,
};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// A hasher for the engine's `u64` code keys: one multiply instead of SipHash
/// (the keys are not attacker-chosen in a way that matters: a schedule is
/// trusted input, and a pathological one only slows itself down).
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 =
                (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }
}

type KeyBuild = std::hash::BuildHasherDefault<KeyHasher>;
type KeyMap<V> = HashMap<u64, V, KeyBuild>;
type KeySet = HashSet<u64, KeyBuild>;

/// Rounds a money amount to the cent, half away from zero.
///
/// ```
/// use rust_decimal::Decimal;
/// assert_eq!(tariffs::round_money(Decimal::new(1005, 3)).to_string(), "1.01");
/// assert_eq!(tariffs::round_money(Decimal::new(1004, 3)).to_string(), "1.00");
/// ```
///
/// An amount of about 7.9 x 10^26 or more cannot carry two decimals in a
/// `Decimal`: it is returned with fewer. The engine never does that: it
/// uses the checked form, and fails with [`Error::Overflow`] instead.
pub fn round_money(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

/// [`round_money`], `None` when the amount cannot carry its cents.
fn money(d: Decimal) -> Option<Decimal> {
    let r = round_money(d);
    (r.scale() == 2).then_some(r)
}

/// A whole number of cents as an amount at scale 2, `None` past the decimal range.
fn cents(c: i128) -> Option<Decimal> {
    Decimal::try_from_i128_with_scale(c, 2).ok()
}

/// The authority of base lines.
pub const MFN: &str = "mfn";

pub(crate) struct Engine {
    importers: Vec<CImporter>,
    /// Every authority of every importer, sorted: the batch output's columns.
    authorities: Vec<Arc<str>>,
    /// Whether each authority is a fee's (not a duty's).
    fee_authority: Vec<bool>,
}

#[derive(Clone)]
struct Cell {
    text: Arc<str>,
    rate: std::result::Result<Arc<Rate>, Arc<str>>,
}

/// The column 1 special groups of a line (rate, program codes), shared
/// between the lines that print the same special text.
type SpecialGroups = Arc<Vec<(Cell, Vec<String>)>>;

struct CBaseLine {
    from: Date,
    until: Date,
    general: Option<Cell>,
    special: SpecialGroups,
    other: Option<Cell>,
    revision: Arc<str>,
    code: HtsCode,
}

struct CProgram {
    claim: String,
    codes: Vec<String>,
    origins: CountrySet,
}

struct CBase {
    source: Arc<str>,
    lines: KeyMap<Vec<CBaseLine>>,
    column2: CountrySet,
    programs: Vec<CProgram>,
}

#[derive(Default)]
struct Products {
    all: bool,
    include: KeySet,
    include_codes: Vec<HtsCode>,
    exclude: KeySet,
}

fn prefix_keys(code: HtsCode) -> impl Iterator<Item = u64> {
    (2..=code.len()).map(move |n| code.truncate(n).key())
}

impl Products {
    fn matches(&self, code: HtsCode) -> bool {
        (self.all || prefix_keys(code).any(|k| self.include.contains(&k)))
            && !prefix_keys(code).any(|k| self.exclude.contains(&k))
    }
    fn blocks(&self, code: HtsCode) -> bool {
        prefix_keys(code).any(|k| self.exclude.contains(&k))
    }
}

#[derive(Default)]
struct CConditions {
    modes: Option<Vec<Mode>>,
    value_over: Option<Decimal>,
    value_at_most: Option<Decimal>,
    claims: Vec<String>,
    not_claims: Vec<String>,
    loaded_before: Option<Date>,
}

enum CondFail {
    Mode(Mode, Vec<Mode>),
    ValueOver(Decimal, Decimal),
    ValueAtMost(Decimal, Decimal),
    Claim(String),
    NotClaim(String),
    LoadedBefore(Date, Option<Date>),
}

impl CondFail {
    fn reason(&self, currency: Currency) -> String {
        match self {
            CondFail::Mode(m, need) => format!(
                "applies only to {} entries; this entry is {m}",
                need.iter().map(|m| m.as_str()).collect::<Vec<_>>().join("/")
            ),
            CondFail::ValueOver(v, t) => format!(
                "applies only when the value exceeds {t} {currency}; value is {} {currency}",
                round_money(*v)
            ),
            CondFail::ValueAtMost(v, t) => format!(
                "applies only when the value does not exceed {t} {currency}; value is {} {currency}",
                round_money(*v)
            ),
            CondFail::Claim(c) => format!("requires the claim {c}, which the entry does not make"),
            CondFail::NotClaim(c) => format!("does not apply when the entry claims {c}"),
            CondFail::LoadedBefore(d, None) => {
                format!("applies only to goods loaded before {d}; the entry gives no loading date")
            }
            CondFail::LoadedBefore(d, Some(l)) => {
                format!("applies only to goods loaded before {d}; loaded on {l}")
            }
        }
    }
}

impl CConditions {
    /// Whether some entry could meet both condition sets.
    fn compatible(&self, o: &CConditions) -> bool {
        if let (Some(a), Some(b)) = (&self.modes, &o.modes) {
            if !a.iter().any(|m| b.contains(m)) {
                return false;
            }
        }
        let lo = self.value_over.max(o.value_over);
        let hi = match (self.value_at_most, o.value_at_most) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let (Some(lo), Some(hi)) = (lo, hi) {
            if hi <= lo {
                return false;
            }
        }
        let clash = |a: &[String], b: &[String]| {
            a.iter()
                .any(|c| b.iter().any(|d| d.eq_ignore_ascii_case(c)))
        };
        !(clash(&self.claims, &o.not_claims) || clash(&o.claims, &self.not_claims))
    }
}

struct CMeasure {
    id: Arc<str>,
    authority: Arc<str>,
    heading: Option<Arc<str>>,
    description: String,
    rate: Option<Rate>,
    rate_text: String,
    floor: Option<(Decimal, Vec<String>)>,
    origins: CountrySet,
    products: Arc<Products>,
    from: Date,
    until: Date,
    cond: CConditions,
    cumulative: bool,
    source: Arc<str>,
    rank: u32,
    blockers: Vec<u32>,
    /// For a measure on every product: its index in `CImporter::uscopes`.
    uscope: u16,
}

enum Selector {
    All,
    Kind(LineKind),
    Authority(String),
    Id(String),
    Heading(String),
}

impl Selector {
    fn parse(s: &str) -> Option<Selector> {
        let s = s.trim();
        if s == "all" {
            return Some(Selector::All);
        }
        let (k, v) = s.split_once(':')?;
        let v = v.trim().to_string();
        if v.is_empty() {
            return None;
        }
        Some(match k.trim() {
            "kind" => Selector::Kind(match v.as_str() {
                "base" => LineKind::Base,
                "additional" => LineKind::Additional,
                "fee" => LineKind::Fee,
                _ => return None,
            }),
            "authority" => Selector::Authority(v),
            "id" => Selector::Id(v),
            "heading" => Selector::Heading(v),
            _ => return None,
        })
    }

    fn hits(&self, kind: LineKind, authority: &str, id: &str, heading: Option<&str>) -> bool {
        match self {
            Selector::All => true,
            Selector::Kind(k) => *k == kind,
            Selector::Authority(a) => a == authority,
            Selector::Id(i) => i == id,
            Selector::Heading(h) => heading == Some(h.as_str()),
        }
    }
}

/// The measures (or fees) of an importer by id, authority and heading, so
/// that a selector is resolved by lookup instead of a scan of every item (a
/// schedule has thousands of selectors).
struct ItemIndex<'m> {
    /// The kind of line the items make (`additional` or `fee`).
    kind: LineKind,
    n: usize,
    by_id: HashMap<&'m str, u32>,
    by_authority: HashMap<&'m str, Vec<u32>>,
    by_heading: HashMap<&'m str, Vec<u32>>,
}

impl<'m> ItemIndex<'m> {
    fn new(measures: &'m [CMeasure]) -> ItemIndex<'m> {
        ItemIndex::of(
            LineKind::Additional,
            measures
                .iter()
                .map(|m| (&*m.id, &*m.authority, m.heading.as_deref())),
        )
    }

    /// The index of items given as (id, authority, heading).
    fn of(
        kind: LineKind,
        items: impl ExactSizeIterator<Item = (&'m str, &'m str, Option<&'m str>)>,
    ) -> ItemIndex<'m> {
        let mut ix = ItemIndex {
            kind,
            n: items.len(),
            by_id: HashMap::with_capacity(items.len()),
            by_authority: HashMap::new(),
            by_heading: HashMap::new(),
        };
        for (i, (id, authority, heading)) in items.enumerate() {
            ix.by_id.entry(id).or_insert(i as u32);
            ix.by_authority.entry(authority).or_default().push(i as u32);
            if let Some(h) = heading {
                ix.by_heading.entry(h).or_default().push(i as u32);
            }
        }
        ix
    }

    /// Whether a selector names every item.
    fn names_all(&self, s: &Selector) -> bool {
        match s {
            Selector::All => true,
            Selector::Kind(k) => *k == self.kind,
            _ => false,
        }
    }

    /// The items a selector names, in index order; what [`Selector::hits`]
    /// gives for each item as a line of the index's kind.
    fn select(&self, s: &Selector) -> Vec<u32> {
        match s {
            Selector::All | Selector::Kind(_) if self.names_all(s) => (0..self.n as u32).collect(),
            Selector::All | Selector::Kind(_) => Vec::new(),
            Selector::Authority(a) => self
                .by_authority
                .get(a.as_str())
                .cloned()
                .unwrap_or_default(),
            Selector::Id(i) => self
                .by_id
                .get(i.as_str())
                .map(|&i| vec![i])
                .unwrap_or_default(),
            Selector::Heading(h) => self.by_heading.get(h.as_str()).cloned().unwrap_or_default(),
        }
    }

    /// Whether a selector names any item, without listing them.
    fn any(&self, s: &Selector) -> bool {
        match s {
            Selector::All | Selector::Kind(_) => self.names_all(s) && self.n > 0,
            Selector::Authority(a) => self.by_authority.contains_key(a.as_str()),
            Selector::Id(i) => self.by_id.contains_key(i.as_str()),
            Selector::Heading(h) => self.by_heading.contains_key(h.as_str()),
        }
    }
}

const SELECTOR_FORMS: &str =
    "`all`, `kind:base|additional|fee`, `authority:NAME`, `id:ID` or `heading:9903.xx.xx`";

struct CSuspension {
    origins: CountrySet,
    from: Date,
    until: Date,
    modes: Option<Vec<Mode>>,
    source: Arc<str>,
}

struct CExemption {
    id: Arc<str>,
    authority: Arc<str>,
    heading: Option<Arc<str>>,
    description: String,
    origins: CountrySet,
    products: Arc<Products>,
    from: Date,
    until: Date,
    cond: CConditions,
    /// What `removes` names, resolved at load: the base line, measures and fees.
    removes_base: bool,
    removes_measures: IdxSet,
    removes_fees: IdxSet,
    suspensions: Vec<CSuspension>,
    source: Arc<str>,
}

/// A set of item indexes (what an exemption removes): every index, a
/// bitset up to the largest member when the set is dense, or a sorted list
/// when it is sparse, so that its memory follows its members, not the
/// number of items.
#[derive(Clone)]
enum IdxSet {
    All,
    Bits(Vec<u64>),
    Sorted(Box<[u32]>),
}

impl IdxSet {
    /// The set of `members` (any order, repeats allowed).
    fn of(mut members: Vec<u32>) -> IdxSet {
        members.sort_unstable();
        members.dedup();
        let words = members.last().map_or(0, |&m| m as usize / 64 + 1);
        if words <= 2 * members.len() {
            let mut v = vec![0u64; words];
            for &i in &members {
                v[i as usize / 64] |= 1 << (i % 64);
            }
            IdxSet::Bits(v)
        } else {
            IdxSet::Sorted(members.into_boxed_slice())
        }
    }
    fn has(&self, i: u32) -> bool {
        match self {
            IdxSet::All => true,
            IdxSet::Bits(v) => v
                .get(i as usize / 64)
                .is_some_and(|w| w & (1 << (i % 64)) != 0),
            IdxSet::Sorted(v) => v.binary_search(&i).is_ok(),
        }
    }
}

struct CFee {
    /// Minimum, maximum and flat amount in whole cents (absent ones as
    /// `i64::MIN`, `i64::MAX`, 0), when each has at most two decimals: then
    /// the percent part can be rounded first and clamped after, exactly.
    cents: Option<(i64, i64, i64)>,
    id: Arc<str>,
    authority: Arc<str>,
    heading: Option<Arc<str>>,
    description: String,
    percent: Option<Decimal>,
    flat: Option<Decimal>,
    minimum: Option<Decimal>,
    maximum: Option<Decimal>,
    from: Date,
    until: Date,
    cond: CConditions,
    source: Arc<str>,
}

/// An import ban (see [`crate::schedule::ProhibitionData`]).
struct CProhibition {
    id: Arc<str>,
    description: String,
    origins: CountrySet,
    products: Arc<Products>,
    from: Date,
    until: Date,
    cond: CConditions,
    source: Arc<str>,
}

struct CImporter {
    aidx_mfn: u16,
    aidx_measure: Vec<u16>,
    aidx_fee: Vec<u16>,
    mfn: Arc<str>,
    country: Country,
    currency: Currency,
    base: Option<Arc<CBase>>,
    measures: Vec<CMeasure>,
    index: KeyMap<Vec<u32>>,
    /// Measures covering every product, per origin (by `Country::index`), in
    /// stacking order.
    universal: Vec<Vec<u32>>,
    /// The distinct product scopes of the measures on every product (most
    /// share a few, e.g. "every product but Annex II"): tested once per code.
    uscopes: Vec<Arc<Products>>,
    exemptions: Vec<CExemption>,
    /// Exemptions by included code prefix, and those on every product.
    x_index: KeyMap<Vec<u32>>,
    x_universal: Vec<u32>,
    fees: Vec<CFee>,
    prohibitions: Vec<CProhibition>,
    /// What an evaluation plan depends on (see [`PlanKey`]): every date a
    /// rule starts or ends on, every value threshold, every loading-date
    /// threshold, and every claim a rule names.
    breaks: Vec<Date>,
    value_breaks: Vec<Decimal>,
    /// `value_breaks` in whole cents, when they all are.
    value_break_cents: Option<Vec<i64>>,
    loaded_breaks: Vec<Date>,
    claim_names: Vec<String>,
}

// ---------------------------------------------------------------- compile

struct Ctx<'a> {
    file: &'a str,
    /// The members of each group, as a set.
    groups: HashMap<&'a str, CountrySet>,
    /// Every country (`*`).
    every: CountrySet,
    lists: &'a BTreeMap<String, Vec<HtsCode>>,
    scopes: std::cell::RefCell<ScopeCache>,
    /// Codes of the distinct product scopes compiled so far (see
    /// [`limits::MAX_SCOPE_CODES`]).
    scope_codes: std::cell::Cell<usize>,
    /// Codes included by the items' scopes so far, each item counting its
    /// own (see [`limits::MAX_ITEM_SCOPE_CODES`]).
    item_codes: std::cell::Cell<usize>,
}

type ScopeCache = HashMap<(Vec<String>, Vec<String>), Arc<Products>>;

impl<'a> Ctx<'a> {
    /// The context of `data`, after checking its groups (names, members,
    /// sizes) and product lists (sizes).
    fn new(data: &'a ScheduleData, file: &'a str) -> Result<Ctx<'a>> {
        limits::check_count(
            file,
            "groups",
            data.groups.len(),
            limits::MAX_GROUPS,
            "groups",
        )?;
        let mut every = CountrySet::default();
        for c in Country::all() {
            every.insert(c);
        }
        let mut groups = HashMap::with_capacity(data.groups.len());
        for (name, members) in &data.groups {
            let field = format!("groups.{name}");
            limits::check_text(file, "groups", name, limits::MAX_NAME_CHARS)?;
            // A scope entry is looked up as a group first: a group named like
            // a country would silently replace that country everywhere.
            let n = name.trim();
            if n.is_empty() || n != name || n == "*" || n.starts_with('@') {
                return Err(Error::schedule(
                    file,
                    None,
                    &field,
                    format!("{name:?} is not a usable group name: use letters, digits and _ (e.g. EU27), without surrounding spaces"),
                ));
            }
            if let Ok(c) = Country::parse_field("groups", n) {
                return Err(Error::schedule(
                    file,
                    None,
                    &field,
                    format!(
                        "{name:?} is the country code of {c}: a group named like a country would replace that country in every scope; rename the group (e.g. {n}_GROUP)"
                    ),
                ));
            }
            if members.is_empty() {
                return Err(Error::schedule(file, None, &field, "is empty"));
            }
            limits::check_count(
                file,
                &field,
                members.len(),
                limits::MAX_GROUP_MEMBERS,
                "members",
            )?;
            let mut set = CountrySet::default();
            for m in members {
                let c = Country::parse_field("groups", m).map_err(|_| {
                    Error::schedule(
                        file,
                        None,
                        &field,
                        format!(
                            "{:?} is not an ISO 3166-1 alpha-2 country code",
                            limits::echo(m)
                        ),
                    )
                })?;
                set.insert(c);
            }
            groups.insert(name.as_str(), set);
        }
        limits::check_count(
            file,
            "product_lists",
            data.product_lists.len(),
            limits::MAX_PRODUCT_LISTS,
            "lists",
        )?;
        for (name, codes) in &data.product_lists {
            limits::check_text(file, "product_lists", name, limits::MAX_NAME_CHARS)?;
            limits::check_count(
                file,
                &format!("product_lists.{name}"),
                codes.len(),
                limits::MAX_PRODUCT_LIST_CODES,
                "codes",
            )?;
        }
        Ok(Ctx {
            file,
            groups,
            every,
            lists: &data.product_lists,
            scopes: Default::default(),
            scope_codes: std::cell::Cell::new(0),
            item_codes: std::cell::Cell::new(0),
        })
    }

    fn err(&self, item: &str, field: &str, msg: impl Into<String>) -> Error {
        Error::schedule(self.file, Some(item), field, msg)
    }

    /// A size limit passed inside `item`.
    fn too_large(&self, item: &str, field: &str, n: usize, limit: usize, unit: &str) -> Error {
        limits::schedule_too_large(self.file, &format!("{item}: {field}"), n, limit, unit)
    }

    /// `Ok` when `n` is at most `limit`.
    fn count(&self, item: &str, field: &str, n: usize, limit: usize, unit: &str) -> Result<()> {
        if n > limit {
            return Err(self.too_large(item, field, n, limit, unit));
        }
        Ok(())
    }

    /// `Ok` when `text` has at most `limit` characters.
    fn text(&self, item: &str, field: &str, text: &str, limit: usize) -> Result<()> {
        if text.len() <= limit {
            return Ok(());
        }
        limits::check_text(self.file, &format!("{item}: {field}"), text, limit)
    }

    fn countries(
        &self,
        item: &str,
        field: &str,
        names: &[String],
        set: &mut CountrySet,
        add: bool,
    ) -> Result<()> {
        self.count(
            item,
            field,
            names.len(),
            limits::MAX_SCOPE_ENTRIES,
            "entries",
        )?;
        for n in names {
            let n = n.trim();
            let one;
            let part = if n == "*" {
                &self.every
            } else if let Some(members) = self.groups.get(n) {
                members
            } else {
                let c = Country::parse_field(field, n).map_err(|_| {
                    self.err(
                        item,
                        field,
                        format!(
                            "{:?} is neither a country code nor a group of `groups`",
                            limits::echo(n)
                        ),
                    )
                })?;
                let mut s = CountrySet::default();
                s.insert(c);
                one = s;
                &one
            };
            if add {
                set.union_with(part)
            } else {
                set.subtract(part)
            }
        }
        Ok(())
    }

    fn origins(&self, item: &str, field: &str, s: &OriginScope) -> Result<CountrySet> {
        let mut set = CountrySet::default();
        self.countries(
            item,
            &format!("{field}.include"),
            &s.include,
            &mut set,
            true,
        )?;
        self.countries(
            item,
            &format!("{field}.exclude"),
            &s.exclude,
            &mut set,
            false,
        )?;
        if set.is_empty() {
            return Err(self.err(
                item,
                field,
                "covers no country: list countries, groups or \"*\" in include",
            ));
        }
        Ok(set)
    }

    fn codes(&self, item: &str, field: &str, entries: &[String]) -> Result<Vec<HtsCode>> {
        self.count(
            item,
            field,
            entries.len(),
            limits::MAX_SCOPE_ENTRIES,
            "entries",
        )?;
        let mut out = Vec::new();
        let within = |total: usize| {
            if total > limits::MAX_SCOPE_CODES {
                return Err(self.too_large(
                    item,
                    "products",
                    total,
                    limits::MAX_SCOPE_CODES,
                    "codes in the distinct product scopes of the schedule",
                ));
            }
            Ok(())
        };
        for e in entries {
            // Count before expanding: a scope may name a long list many times.
            let total = self.scope_codes.get() + out.len();
            within(total)?;
            if let Some(name) = e.trim().strip_prefix('@') {
                let list = self.lists.get(name).ok_or_else(|| {
                    self.err(
                        item,
                        field,
                        format!(
                            "no product list named {:?} in `product_lists`",
                            limits::echo(name)
                        ),
                    )
                })?;
                within(total + list.len())?;
                out.extend_from_slice(list);
            } else {
                out.push(
                    HtsCode::parse_field(field, e)
                        .map_err(|err| self.err(item, field, err.to_string()))?,
                );
            }
        }
        Ok(out)
    }

    /// The compiled scope, shared between items with the same scope (e.g. every
    /// country measure that excludes the same Annex II list).
    fn products(&self, item: &str, s: &ProductScope) -> Result<Arc<Products>> {
        let key = (s.include.clone(), s.exclude.clone());
        let cached = self.scopes.borrow().get(&key).cloned();
        let p = match cached {
            Some(p) => p,
            None => {
                let p = Arc::new(self.compile_products(item, s)?);
                self.scopes.borrow_mut().insert(key, p.clone());
                p
            }
        };
        let n = self.item_codes.get() + p.include_codes.len();
        if n > limits::MAX_ITEM_SCOPE_CODES {
            return Err(self.too_large(
                item,
                "products.include",
                n,
                limits::MAX_ITEM_SCOPE_CODES,
                "codes included by the items of the schedule",
            ));
        }
        self.item_codes.set(n);
        Ok(p)
    }

    fn compile_products(&self, item: &str, s: &ProductScope) -> Result<Products> {
        let include_codes = self.codes(item, "products.include", &s.include)?;
        self.scope_codes
            .set(self.scope_codes.get() + include_codes.len());
        let exclude = self.codes(item, "products.exclude", &s.exclude)?;
        self.scope_codes.set(self.scope_codes.get() + exclude.len());
        let p = Products {
            all: s.include.is_empty(),
            include: include_codes.iter().map(|c| c.key()).collect(),
            include_codes,
            exclude: exclude.iter().map(|c| c.key()).collect(),
        };
        // A scope whose every included code is excluded covers nothing: the
        // item could never apply.
        if !p.all && p.include_codes.iter().all(|&c| p.blocks(c)) {
            return Err(self.err(
                item,
                "products.exclude",
                "excludes every product of products.include: the item could never apply",
            ));
        }
        Ok(p)
    }

    fn conditions(&self, item: &str, c: &Conditions) -> Result<CConditions> {
        for (f, v) in [
            ("conditions.value_over", c.value_over),
            ("conditions.value_at_most", c.value_at_most),
        ] {
            if let Some(v) = v {
                if v.is_sign_negative() && !v.is_zero() {
                    return Err(self.err(item, f, format!("{v} is negative")));
                }
            }
        }
        if let (Some(lo), Some(hi)) = (c.value_over, c.value_at_most) {
            if hi <= lo {
                return Err(self.err(
                    item,
                    "conditions.value_at_most",
                    format!("{hi} is not above value_over {lo}: no value exceeds {lo} and is at most {hi}, so the condition can never be met"),
                ));
            }
        }
        if let Some(m) = &c.modes {
            self.count(
                item,
                "conditions.modes",
                m.len(),
                limits::MAX_CONDITION_ENTRIES,
                "entries",
            )?;
            if m.is_empty() {
                return Err(self.err(item, "conditions.modes", "is empty: omit it for every mode"));
            }
        }
        let claims = |field: &str, names: &[String]| -> Result<Vec<String>> {
            self.count(
                item,
                field,
                names.len(),
                limits::MAX_CONDITION_ENTRIES,
                "entries",
            )?;
            names
                .iter()
                .map(|n| {
                    self.text(item, field, n, limits::MAX_NAME_CHARS)?;
                    // An entry's claims are names of this form: another
                    // could never be claimed.
                    crate::entry::parse_claim(field, n).map_err(|_| {
                        self.err(
                            item,
                            field,
                            format!(
                                "{:?} is not a claim name (letters, digits, _ and -, e.g. USMCA): no entry could make it",
                                limits::echo(n)
                            ),
                        )
                    })
                })
                .collect()
        };
        let claims_all = claims("conditions.claims", &c.claims)?;
        let not_claims = claims("conditions.not_claims", &c.not_claims)?;
        if let Some(both) = claims_all.iter().find(|x| not_claims.contains(x)) {
            return Err(self.err(
                item,
                "conditions.not_claims",
                format!("names {both}, which conditions.claims requires: no entry can both make and not make a claim, so the condition can never be met"),
            ));
        }
        Ok(CConditions {
            modes: c.modes.clone(),
            value_over: c.value_over,
            value_at_most: c.value_at_most,
            claims: claims_all,
            not_claims,
            loaded_before: c.loaded_before,
        })
    }

    fn validity(&self, item: &str, from: Date, until: Option<Date>) -> Result<Date> {
        let until = until.unwrap_or(Date::MAX);
        if until <= from {
            return Err(self.err(item, "until", format!("{until} is not after from {from}")));
        }
        Ok(until)
    }
}

fn heading(ctx: &Ctx, item: &str, h: &Option<String>) -> Result<Option<Arc<str>>> {
    match h {
        None => Ok(None),
        Some(h) if h.trim().is_empty() => {
            Err(ctx.err(item, "heading", "is empty: omit it instead"))
        }
        Some(h) => Ok(Some(Arc::from(h.trim()))),
    }
}

fn cell(text: &str, interned: &mut HashMap<String, Arc<Rate>>) -> Cell {
    let t = text.trim();
    let rate = match interned.get(t) {
        Some(r) => Ok(r.clone()),
        None => match Rate::parse(t) {
            Ok(r) => {
                let r = Arc::new(r);
                interned.insert(t.to_string(), r.clone());
                Ok(r)
            }
            Err(e) => Err(Arc::from(e.to_string())),
        },
    };
    Cell {
        text: Arc::from(t),
        rate,
    }
}

fn text_cell<'a>(
    o: &'a Option<String>,
    cells: &mut HashMap<&'a str, Cell>,
    interned: &mut HashMap<String, Arc<Rate>>,
) -> Option<Cell> {
    let t = o.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    Some(cells.entry(t).or_insert_with(|| cell(t, interned)).clone())
}

fn compile_base(ctx: &Ctx, b: &BaseTable) -> Result<CBase> {
    // Rate texts repeat across lines (12,000 lines, about 2,000 distinct
    // texts): parse each text once and share the cells.
    let mut interned = HashMap::new();
    let mut cells: HashMap<&str, Cell> = HashMap::new();
    let mut specials: HashMap<&str, SpecialGroups> = HashMap::new();
    let mut revisions: HashMap<&str, Arc<str>> = HashMap::new();
    let mut lines: KeyMap<Vec<CBaseLine>> = KeyMap::default();
    let no_special: SpecialGroups = Arc::new(Vec::new());
    ctx.count(
        "base",
        "lines",
        b.lines.len(),
        limits::MAX_BASE_LINES,
        "lines",
    )?;
    ctx.text("base", "source", &b.source, limits::MAX_SOURCE_CHARS)?;
    ctx.count(
        "base",
        "programs",
        b.programs.len(),
        limits::MAX_PROGRAMS,
        "programs",
    )?;
    ctx.count(
        "base",
        "column2",
        b.column2.len(),
        limits::MAX_SCOPE_ENTRIES,
        "entries",
    )?;
    for l in &b.lines {
        let item = || format!("base line {} from {}", l.code, l.from);
        // A base line is a tariff line (8 digits) or a statistical
        // reporting number (10): a quote looks up only those, so a shorter
        // line could never apply.
        if l.code.len() != 8 && l.code.len() != 10 {
            return Err(ctx.err(
                &item(),
                "code",
                format!(
                    "{} has {} digits: a base line is an 8-digit tariff line or a 10-digit statistical reporting number",
                    l.code,
                    l.code.len()
                ),
            ));
        }
        if let Some(r) = l
            .revision
            .as_deref()
            .filter(|r| r.len() > limits::MAX_SOURCE_CHARS)
        {
            ctx.text(&item(), "revision", r, limits::MAX_SOURCE_CHARS)?;
        }
        if l.units.len() > limits::MAX_CONDITION_ENTRIES {
            return Err(ctx.too_large(
                &item(),
                "units",
                l.units.len(),
                limits::MAX_CONDITION_ENTRIES,
                "entries",
            ));
        }
        let until = l.until.unwrap_or(Date::MAX);
        if until <= l.from {
            return Err(ctx.err(
                &item(),
                "until",
                format!("{until} is not after from {}", l.from),
            ));
        }
        let special = match l.special.as_deref().map(str::trim) {
            Some(s) if !s.is_empty() => specials
                .entry(s)
                .or_insert_with(|| {
                    Arc::new(match parse_special(s) {
                        Ok(groups) => groups
                            .into_iter()
                            .map(|g| {
                                let text = g.rate.to_string();
                                (
                                    Cell {
                                        text: Arc::from(text.as_str()),
                                        rate: Ok(Arc::new(g.rate)),
                                    },
                                    g.programs,
                                )
                            })
                            .collect(),
                        Err(_) => Vec::new(),
                    })
                })
                .clone(),
            _ => no_special.clone(),
        };
        let general = text_cell(&l.general, &mut cells, &mut interned);
        let other = text_cell(&l.other, &mut cells, &mut interned);
        let revision = revisions
            .entry(l.revision.as_deref().unwrap_or(""))
            .or_insert_with_key(|r| Arc::from(*r))
            .clone();
        let line = CBaseLine {
            from: l.from,
            until,
            general,
            special,
            other,
            revision,
            code: l.code,
        };
        lines.entry(l.code.key()).or_default().push(line);
    }
    // Lines of one code must not overlap in time: sorted by start, each
    // must start at or after the end of the one before.
    for v in lines.values_mut() {
        v.sort_by_key(|l| l.from);
        if let Some(w) = v.windows(2).find(|w| w[1].from < w[0].until) {
            return Err(ctx.err(
                &format!("base line {} from {}", w[1].code, w[1].from),
                "from",
                format!(
                    "overlaps the line of {} valid from {}",
                    w[0].code, w[0].from
                ),
            ));
        }
    }
    let mut column2 = CountrySet::default();
    ctx.countries("base", "column2", &b.column2, &mut column2, true)?;
    let mut programs = Vec::new();
    for p in &b.programs {
        let item = format!("program {}", limits::echo(&p.claim));
        ctx.text(&item, "claim", &p.claim, limits::MAX_NAME_CHARS)?;
        ctx.count(&item, "codes", p.codes.len(), limits::MAX_PROGRAMS, "codes")?;
        for c in &p.codes {
            ctx.text(&item, "codes", c, limits::MAX_NAME_CHARS)?;
        }
        let mut origins = CountrySet::default();
        ctx.countries(
            &format!("program {}", p.claim),
            "origins",
            &p.origins,
            &mut origins,
            true,
        )?;
        programs.push(CProgram {
            claim: p.claim.trim().to_ascii_uppercase(),
            codes: p.codes.clone(),
            origins,
        });
    }
    Ok(CBase {
        source: Arc::from(b.source.as_str()),
        lines,
        column2,
        programs,
    })
}

/// The texts of a measure, exemption, fee or prohibition that every one is
/// checked for (see [`check_item`]).
struct ItemTexts<'d> {
    what: &'static str,
    id: &'d str,
    authority: &'d str,
    heading: Option<&'d str>,
    description: &'d str,
    source: &'d str,
}

/// The checks every measure, exemption, fee and prohibition passes: a
/// non-empty id unique within the importer, an authority and a source, and
/// texts within their limits.
fn check_item(ctx: &Ctx, ids: &mut HashSet<String>, t: ItemTexts) -> Result<()> {
    if t.id.trim().is_empty() {
        return Err(ctx.err(&format!("<{} without id>", t.what), "id", "is empty"));
    }
    if t.id.len() > limits::MAX_NAME_CHARS {
        ctx.text(&limits::echo(t.id), "id", t.id, limits::MAX_NAME_CHARS)?;
    }
    let id = t.id;
    ctx.text(id, "authority", t.authority, limits::MAX_NAME_CHARS)?;
    if let Some(h) = t.heading {
        ctx.text(id, "heading", h, limits::MAX_NAME_CHARS)?;
    }
    ctx.text(
        id,
        "description",
        t.description,
        limits::MAX_DESCRIPTION_CHARS,
    )?;
    ctx.text(id, "source", t.source, limits::MAX_SOURCE_CHARS)?;
    if !ids.insert(id.to_string()) {
        return Err(ctx.err(
            id,
            "id",
            "is used by another measure, exemption, fee or prohibition of this importer",
        ));
    }
    if t.authority.trim().is_empty() {
        return Err(ctx.err(id, "authority", "is empty"));
    }
    if t.source.trim().is_empty() {
        return Err(ctx.err(id, "source", "is empty: cite the legal source"));
    }
    Ok(())
}

/// Resolved selectors of an importer, counted against
/// [`limits::MAX_RELATIONS`].
struct Relations<'c> {
    ctx: &'c Ctx<'c>,
    importer: Country,
    n: usize,
}

impl Relations<'_> {
    fn add(&mut self, item: &str, field: &str, k: usize) -> Result<()> {
        self.n += k;
        if self.n > limits::MAX_RELATIONS {
            return Err(self.ctx.too_large(
                item,
                field,
                self.n,
                limits::MAX_RELATIONS,
                &format!(
                    "resolved stacking relations and removals of importer {}",
                    self.importer
                ),
            ));
        }
        Ok(())
    }
}

fn compile_importer(ctx: &Ctx, imp: &ImporterData, reuse: Option<Arc<CBase>>) -> Result<CImporter> {
    let who = imp.country;
    for (field, n, limit) in [
        ("measures", imp.measures.len(), limits::MAX_MEASURES),
        ("exemptions", imp.exemptions.len(), limits::MAX_EXEMPTIONS),
        ("fees", imp.fees.len(), limits::MAX_FEES),
        (
            "prohibitions",
            imp.prohibitions.len(),
            limits::MAX_PROHIBITIONS,
        ),
        (
            "base.lines",
            imp.base.as_ref().map_or(0, |b| b.lines.len()),
            limits::MAX_BASE_LINES,
        ),
    ] {
        limits::check_count(ctx.file, &format!("{who}: {field}"), n, limit, field)?;
    }
    let base = match (reuse, &imp.base) {
        (Some(b), Some(_)) => Some(b),
        (_, Some(b)) => Some(Arc::new(compile_base(ctx, b)?)),
        (_, None) => None,
    };
    let mut relations = Relations {
        ctx,
        importer: who,
        n: 0,
    };
    let mut measures = Vec::with_capacity(imp.measures.len());
    let mut ids = HashSet::new();
    for m in &imp.measures {
        check_item(
            ctx,
            &mut ids,
            ItemTexts {
                what: "measure",
                id: &m.id,
                authority: &m.authority,
                heading: m.heading.as_deref(),
                description: &m.description,
                source: &m.source,
            },
        )?;
        let item = m.id.as_str();
        ctx.count(
            item,
            "excludes",
            m.excludes.len() + m.superseded_by.len(),
            limits::MAX_SELECTORS,
            "selectors in excludes and superseded_by",
        )?;
        let floor = match (&m.rate, &m.floor) {
            (Some(_), Some(_)) => {
                return Err(ctx.err(item, "floor", "give either rate or floor, not both"))
            }
            (None, None) => return Err(ctx.err(item, "rate", "is missing (or give a floor)")),
            (Some(r), None) => {
                if matches!(r, Rate::ReducedBy(_) | Rate::Reference(_)) {
                    return Err(ctx.err(
                        item,
                        "rate",
                        format!("{r} cannot be evaluated as an additional duty"),
                    ));
                }
                None
            }
            (None, Some(f)) => {
                let pct = f.rate.ad_valorem_percent().ok_or_else(|| {
                    ctx.err(
                        item,
                        "floor.rate",
                        format!("{} is not an ad valorem rate", f.rate),
                    )
                })?;
                if f.counts.is_empty() {
                    return Err(ctx.err(
                        item,
                        "floor.counts",
                        "is empty: name the authorities the floor counts (e.g. mfn)",
                    ));
                }
                ctx.count(
                    item,
                    "floor.counts",
                    f.counts.len(),
                    limits::MAX_CONDITION_ENTRIES,
                    "entries",
                )?;
                for c in &f.counts {
                    ctx.text(item, "floor.counts", c, limits::MAX_NAME_CHARS)?;
                }
                let counts: Vec<String> = f.counts.iter().map(|c| c.trim().to_string()).collect();
                Some((pct, counts))
            }
        };
        let rate_text = match (&m.rate, &floor) {
            (Some(r), _) => r.to_string(),
            (None, Some((p, c))) => format!(
                "{}% all-in floor (counting {})",
                p.normalize(),
                c.join(", ")
            ),
            _ => String::new(),
        };
        measures.push(CMeasure {
            id: Arc::from(item),
            authority: Arc::from(m.authority.trim()),
            heading: heading(ctx, item, &m.heading)?,
            description: m.description.clone(),
            rate: m.rate.clone(),
            rate_text,
            floor,
            origins: ctx.origins(item, "origins", &m.origins)?,
            products: ctx.products(item, &m.products)?,
            from: m.from,
            until: ctx.validity(item, m.from, m.until)?,
            cond: ctx.conditions(item, &m.conditions)?,
            cumulative: m.cumulative,
            source: Arc::from(m.source.as_str()),
            rank: 0,
            blockers: Vec::new(),
            uscope: 0,
        });
    }
    // A floor counts the lines of duty authorities of this importer: a
    // name that is none of them (a typo) would silently count nothing.
    {
        let duty: HashSet<&str> = measures
            .iter()
            .map(|m| &*m.authority)
            .chain([MFN])
            .collect();
        for m in &measures {
            if let Some((_, counts)) = &m.floor {
                if let Some(c) = counts.iter().find(|c| !duty.contains(c.as_str())) {
                    let fee = imp.fees.iter().any(|f| f.authority.trim() == c);
                    return Err(ctx.err(
                        &m.id,
                        "floor.counts",
                        format!(
                            "{:?} is {}: a floor counts the lines of duty authorities ({MFN} for the base rate, or the authority of a measure of this importer)",
                            limits::echo(c),
                            if fee { "the authority of a fee" } else { "not an authority of this importer" }
                        ),
                    ));
                }
            }
        }
    }
    // Stacking edges: m displaces n.
    let n = measures.len();
    let mut edges: Vec<Vec<u32>> = vec![Vec::new(); n];
    let index = ItemIndex::new(&measures);
    let resolve =
        |relations: &mut Relations, item: &str, field: &str, sel: &str| -> Result<Vec<u32>> {
            let s = Selector::parse(sel).ok_or_else(|| {
                ctx.err(
                    item,
                    field,
                    format!(
                        "{:?} is not a selector: use {SELECTOR_FORMS}",
                        limits::echo(sel)
                    ),
                )
            })?;
            let mut hit = index.select(&s);
            relations.add(item, field, hit.len())?;
            hit.retain(|&i| &*measures[i as usize].id != item);
            if hit.is_empty() {
                return Err(ctx.err(
                    item,
                    field,
                    format!("{:?} matches no other measure", limits::echo(sel)),
                ));
            }
            Ok(hit)
        };
    for (i, m) in imp.measures.iter().enumerate() {
        for sel in &m.excludes {
            for j in resolve(&mut relations, &m.id, "excludes", sel)? {
                edges[i].push(j);
            }
        }
        for sel in &m.superseded_by {
            for j in resolve(&mut relations, &m.id, "superseded_by", sel)? {
                edges[j as usize].push(i as u32);
            }
        }
    }
    for e in edges.iter_mut() {
        e.sort_unstable();
        e.dedup();
    }
    // Topological order (Kahn); a cycle is a load error.
    let mut indeg = vec![0u32; n];
    for e in &edges {
        for &j in e {
            indeg[j as usize] += 1;
        }
    }
    let mut queue: Vec<u32> = (0..n as u32).filter(|&i| indeg[i as usize] == 0).collect();
    let mut order = 0u32;
    let mut head = 0;
    while head < queue.len() {
        let i = queue[head] as usize;
        head += 1;
        measures[i].rank = order;
        order += 1;
        for &j in &edges[i] {
            indeg[j as usize] -= 1;
            if indeg[j as usize] == 0 {
                queue.push(j);
            }
        }
    }
    if queue.len() != n {
        let stuck = (0..n).find(|&i| indeg[i] > 0).unwrap_or(0);
        return Err(ctx.err(
            &measures[stuck].id,
            "excludes",
            "the excludes/superseded_by relations form a cycle through this measure",
        ));
    }
    for (i, e) in edges.iter().enumerate() {
        for &j in e {
            measures[j as usize].blockers.push(i as u32);
        }
    }
    check_conflicts(ctx, &measures, &edges)?;

    let mut index: KeyMap<Vec<u32>> = KeyMap::default();
    for (i, m) in measures.iter().enumerate() {
        if !m.products.all {
            for k in &m.products.include {
                index.entry(*k).or_default().push(i as u32);
            }
        }
    }
    // Measures on every product, per origin, in stacking order: filed in
    // order of rank (a permutation of the measures), so no list is sorted.
    let mut by_rank = vec![0u32; measures.len()];
    for (i, m) in measures.iter().enumerate() {
        by_rank[m.rank as usize] = i as u32;
    }
    let mut universal: Vec<Vec<u32>> = vec![Vec::new(); 26 * 26];
    for &i in &by_rank {
        let m = &measures[i as usize];
        if m.products.all {
            for c in m.origins.indexes() {
                universal[c].push(i);
            }
        }
    }

    let mindex = ItemIndex::new(&measures);
    let findex = ItemIndex::of(
        LineKind::Fee,
        imp.fees.iter().map(|f| {
            (
                f.id.as_str(),
                f.authority.trim(),
                f.heading.as_deref().map(str::trim),
            )
        }),
    );
    let mut exemptions = Vec::new();
    for x in &imp.exemptions {
        check_item(
            ctx,
            &mut ids,
            ItemTexts {
                what: "exemption",
                id: &x.id,
                authority: &x.authority,
                heading: x.heading.as_deref(),
                description: &x.description,
                source: &x.source,
            },
        )?;
        let item = x.id.as_str();
        if x.removes.is_empty() {
            return Err(ctx.err(item, "removes", "is empty: say what the exemption removes"));
        }
        ctx.count(
            item,
            "removes",
            x.removes.len(),
            limits::MAX_SELECTORS,
            "selectors",
        )?;
        ctx.count(
            item,
            "suspensions",
            x.suspensions.len(),
            limits::MAX_CONDITION_ENTRIES,
            "suspensions",
        )?;
        let mut removes = Vec::new();
        for sel in &x.removes {
            let s = Selector::parse(sel).ok_or_else(|| {
                ctx.err(
                    item,
                    "removes",
                    format!(
                        "{:?} is not a selector: use {SELECTOR_FORMS}",
                        limits::echo(sel)
                    ),
                )
            })?;
            let any = match &s {
                Selector::All | Selector::Kind(_) => true,
                _ => {
                    mindex.any(&s)
                        || findex.any(&s)
                        || (base.is_some() && s.hits(LineKind::Base, MFN, "", None))
                }
            };
            if !any {
                return Err(ctx.err(
                    item,
                    "removes",
                    format!("{:?} matches nothing in this importer", limits::echo(sel)),
                ));
            }
            removes.push(s);
        }
        let mut suspensions = Vec::new();
        for (k, s) in x.suspensions.iter().enumerate() {
            let f = format!("suspensions[{k}]");
            ctx.text(
                item,
                &format!("{f}.source"),
                &s.source,
                limits::MAX_SOURCE_CHARS,
            )?;
            if let Some(m) = &s.modes {
                ctx.count(
                    item,
                    &format!("{f}.modes"),
                    m.len(),
                    limits::MAX_CONDITION_ENTRIES,
                    "entries",
                )?;
                if m.is_empty() {
                    return Err(ctx.err(
                        item,
                        &format!("{f}.modes"),
                        "is empty: the suspension would never apply; omit it for every mode",
                    ));
                }
            }
            suspensions.push(CSuspension {
                origins: ctx.origins(item, &format!("{f}.origins"), &s.origins)?,
                from: s.from,
                until: ctx.validity(item, s.from, s.until)?,
                modes: s.modes.clone(),
                source: Arc::from(s.source.as_str()),
            });
        }
        let removes_base = removes
            .iter()
            .any(|s| s.hits(LineKind::Base, MFN, "", None));
        let set = |ix: &ItemIndex, relations: &mut Relations| -> Result<IdxSet> {
            if removes.iter().any(|s| ix.names_all(s)) {
                return Ok(IdxSet::All);
            }
            let mut members = Vec::new();
            for s in &removes {
                let hit = ix.select(s);
                relations.add(item, "removes", hit.len())?;
                members.extend(hit);
            }
            Ok(IdxSet::of(members))
        };
        let removes_measures = set(&mindex, &mut relations)?;
        let removes_fees = set(&findex, &mut relations)?;
        exemptions.push(CExemption {
            id: Arc::from(item),
            authority: Arc::from(x.authority.trim()),
            heading: heading(ctx, item, &x.heading)?,
            description: x.description.clone(),
            origins: ctx.origins(item, "origins", &x.origins)?,
            products: ctx.products(item, &x.products)?,
            from: x.from,
            until: ctx.validity(item, x.from, x.until)?,
            cond: ctx.conditions(item, &x.conditions)?,
            removes_base,
            removes_measures,
            removes_fees,
            suspensions,
            source: Arc::from(x.source.as_str()),
        });
    }

    let mut fees = Vec::new();
    for f in &imp.fees {
        check_item(
            ctx,
            &mut ids,
            ItemTexts {
                what: "fee",
                id: &f.id,
                authority: &f.authority,
                heading: f.heading.as_deref(),
                description: &f.description,
                source: &f.source,
            },
        )?;
        let item = f.id.as_str();
        if f.percent.is_none() && f.flat.is_none() {
            return Err(ctx.err(item, "percent", "give a percent, a flat amount, or both"));
        }
        for (name, v) in [
            ("percent", f.percent),
            ("flat", f.flat),
            ("minimum", f.minimum),
            ("maximum", f.maximum),
        ] {
            if let Some(v) = v {
                if v.is_sign_negative() && !v.is_zero() {
                    return Err(ctx.err(item, name, format!("{v} is negative")));
                }
            }
        }
        if let (Some(lo), Some(hi)) = (f.minimum, f.maximum) {
            if lo > hi {
                return Err(ctx.err(item, "minimum", format!("{lo} is above the maximum {hi}")));
            }
        }
        let opt = |d: Option<Decimal>, none: i64| d.map_or(Some(none), whole_cents);
        let cents = match (
            opt(f.minimum, i64::MIN),
            opt(f.maximum, i64::MAX),
            opt(f.flat, 0),
        ) {
            (Some(lo), Some(hi), Some(flat)) => Some((lo, hi, flat)),
            _ => None,
        };
        fees.push(CFee {
            cents,
            id: Arc::from(item),
            authority: Arc::from(f.authority.trim()),
            heading: heading(ctx, item, &f.heading)?,
            description: f.description.clone(),
            percent: f.percent,
            flat: f.flat,
            minimum: f.minimum,
            maximum: f.maximum,
            from: f.from,
            until: ctx.validity(item, f.from, f.until)?,
            cond: ctx.conditions(item, &f.conditions)?,
            source: Arc::from(f.source.as_str()),
        });
    }

    let mut prohibitions = Vec::new();
    for p in &imp.prohibitions {
        check_item(
            ctx,
            &mut ids,
            ItemTexts {
                what: "prohibition",
                id: &p.id,
                authority: &p.authority,
                heading: p.heading.as_deref(),
                description: &p.description,
                source: &p.source,
            },
        )?;
        let item = p.id.as_str();
        heading(ctx, item, &p.heading)?;
        prohibitions.push(CProhibition {
            id: Arc::from(item),
            description: p.description.clone(),
            origins: ctx.origins(item, "origins", &p.origins)?,
            products: ctx.products(item, &p.products)?,
            from: p.from,
            until: ctx.validity(item, p.from, p.until)?,
            cond: ctx.conditions(item, &p.conditions)?,
            source: Arc::from(p.source.as_str()),
        });
    }

    // The distinct scopes of the universal measures.
    let mut uscopes: Vec<Arc<Products>> = Vec::new();
    let mut uscope_of: HashMap<*const Products, usize> = HashMap::new();
    for m in measures.iter_mut().filter(|m| m.products.all) {
        let k = *uscope_of
            .entry(Arc::as_ptr(&m.products))
            .or_insert_with(|| {
                uscopes.push(m.products.clone());
                uscopes.len() - 1
            });
        m.uscope = u16::try_from(k).map_err(|_| {
            ctx.err(
                &m.id,
                "products",
                "more than 65,535 distinct product scopes",
            )
        })?;
    }
    let mut x_index: KeyMap<Vec<u32>> = KeyMap::default();
    let mut x_universal = Vec::new();
    for (i, x) in exemptions.iter().enumerate() {
        if x.products.all {
            x_universal.push(i as u32);
        } else {
            for k in &x.products.include {
                x_index.entry(*k).or_default().push(i as u32);
            }
        }
    }

    // The plan key's thresholds.
    let mut breaks: Vec<Date> = Vec::new();
    let mut conds: Vec<&CConditions> = Vec::new();
    for m in &measures {
        breaks.extend([m.from, m.until]);
        conds.push(&m.cond);
    }
    for x in &exemptions {
        breaks.extend([x.from, x.until]);
        breaks.extend(x.suspensions.iter().flat_map(|s| [s.from, s.until]));
        conds.push(&x.cond);
    }
    for f in &fees {
        breaks.extend([f.from, f.until]);
        conds.push(&f.cond);
    }
    for p in &prohibitions {
        breaks.extend([p.from, p.until]);
        conds.push(&p.cond);
    }
    let mut claim_names: Vec<String> = Vec::new();
    if let Some(b) = &base {
        let mut seen = HashSet::new();
        for v in b.lines.values() {
            for l in v {
                if seen.insert((l.from, l.until)) {
                    breaks.extend([l.from, l.until]);
                }
            }
        }
        claim_names.extend(b.programs.iter().map(|p| p.claim.clone()));
    }
    breaks.sort_unstable();
    breaks.dedup();
    let mut value_breaks: Vec<Decimal> = conds
        .iter()
        .flat_map(|c| [c.value_over, c.value_at_most])
        .flatten()
        .collect();
    value_breaks.sort_unstable();
    value_breaks.dedup();
    let mut loaded_breaks: Vec<Date> = conds.iter().filter_map(|c| c.loaded_before).collect();
    loaded_breaks.sort_unstable();
    loaded_breaks.dedup();
    for c in &conds {
        claim_names.extend(c.claims.iter().chain(&c.not_claims).cloned());
    }
    claim_names.sort_unstable();
    claim_names.dedup();

    Ok(CImporter {
        aidx_mfn: 0,
        aidx_measure: Vec::new(),
        aidx_fee: Vec::new(),
        mfn: Arc::from(MFN),
        country: imp.country,
        currency: imp.currency,
        base,
        measures,
        index,
        universal,
        uscopes,
        exemptions,
        x_index,
        x_universal,
        fees,
        prohibitions,
        breaks,
        value_break_cents: value_breaks.iter().map(|t| whole_cents(*t)).collect(),
        value_breaks,
        loaded_breaks,
        claim_names,
    })
}

/// Two measures of one authority that can apply to the same entry, with no
/// stacking relation between them and neither marked cumulative, are an
/// unresolved overlap: a load error, never a silent pick.
///
/// Only pairs that overlap in dates, products and origins are compared, and
/// they are found without looking at every pair (which took minutes for
/// tens of thousands of measures on every product): see [`OverlapSweep`].
/// The work grows with the measures, their included codes and such pairs,
/// which [`limits::MAX_OVERLAP_PAIRS`] bounds.
fn check_conflicts(ctx: &Ctx, measures: &[CMeasure], edges: &[Vec<u32>]) -> Result<()> {
    // Authorities in the order of their first measure, so that the overlap
    // reported, when there are several, is always the same.
    let mut groups: Vec<Vec<u32>> = Vec::new();
    let mut group_of: HashMap<&str, usize> = HashMap::new();
    for (i, m) in measures.iter().enumerate() {
        if m.cumulative {
            continue;
        }
        let g = *group_of.entry(&m.authority).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i as u32);
    }
    let mut sweep = OverlapSweep::default();
    for g in groups.iter().filter(|g| g.len() >= 2) {
        sweep.run(ctx, measures, edges, g)?;
    }
    Ok(())
}

/// The node of the product tree a measure's included code is filed under:
/// the code's key, or `ROOT` for a measure on every product.
const ROOT: u64 = 0;
/// Origin sets of at most this many countries are filed under each
/// country; larger ones under [`BROAD`].
const FEW_ORIGINS: usize = 8;
/// The bucket of measures with more than [`FEW_ORIGINS`] origins.
const BROAD: u64 = 676;
/// The bucket of every measure with few origins (whatever the country).
const ANY_FEW: u64 = 677;
/// The end of a bucket's list.
const END: u32 = u32::MAX;

/// One included code of a measure (or the root, for every product).
#[derive(Clone, Copy)]
struct Slot {
    measure: u32,
    node: u64,
    code: Option<HtsCode>,
}

/// A slot filed in a bucket, in force until `until`; `next` is the next
/// entry of the same bucket.
#[derive(Clone, Copy)]
struct Filed {
    slot: u32,
    until: Date,
    next: u32,
}

/// The overlap check of one authority's measures, as a sweep over time.
///
/// Measures are taken in order of their first day. Each is compared with
/// the measures filed before it and still in force that day (so their
/// dates overlap), found in buckets keyed by a node of the product tree and
/// an origin: for each included code, the measures filed at the code or at
/// one of its prefixes (or at the root), and the measures filed *below* it
/// (at a longer code it prefixes). A measure with few origins is filed under
/// each of its countries, one with many under a single broad bucket, so
/// that origins need not be compared pairwise either. Entries past their
/// end are unlinked when their bucket is next read.
#[derive(Default)]
struct OverlapSweep {
    slots: Vec<Slot>,
    /// The slots of measure `i` of the group are `slots[first[i]..first[i + 1]]`.
    first: Vec<u32>,
    /// Every node some slot is at, and the code lengths among them (bit n).
    nodes: KeySet,
    lengths: u16,
    /// Each bucket's first entry in `filed` and its number of entries.
    heads: KeyMap<(u32, u32)>,
    filed: Vec<Filed>,
    /// The query that last met each slot (a slot is compared once per query).
    seen: Vec<u32>,
    query: u32,
    pairs: usize,
}

/// The bucket of `node`, origin bucket `origin` (a country index, [`BROAD`]
/// or [`ANY_FEW`]), for slots at the node (`below` false) or at longer codes
/// under it (`below` true).
fn bucket_key(node: u64, origin: u64, below: bool) -> u64 {
    node | origin << 40 | u64::from(below) << 52
}

impl OverlapSweep {
    /// The nodes at `code`'s prefixes of `lengths` (longest first) that some
    /// slot is at, then the root when one is; `strict`: shorter than `code`.
    fn prefixes(&self, code: Option<HtsCode>, strict: bool) -> ([u64; 11], usize) {
        let mut out = [0u64; 11];
        let mut n = 0;
        if let Some(c) = code {
            let top = if strict { c.len() - 1 } else { c.len() };
            for len in (2..=top).rev() {
                if self.lengths & (1 << len) != 0 {
                    let k = c.truncate(len).key();
                    if self.nodes.contains(&k) {
                        out[n] = k;
                        n += 1;
                    }
                }
            }
            if self.nodes.contains(&ROOT) {
                out[n] = ROOT;
                n += 1;
            }
        } else if !strict {
            out[0] = ROOT;
            n = 1;
        }
        (out, n)
    }

    fn file(&mut self, key: u64, slot: u32, until: Date) {
        let head = self.heads.entry(key).or_insert((END, 0));
        self.filed.push(Filed {
            slot,
            until,
            next: head.0,
        });
        *head = (self.filed.len() as u32 - 1, head.1 + 1);
    }

    fn run(
        &mut self,
        ctx: &Ctx,
        measures: &[CMeasure],
        edges: &[Vec<u32>],
        group: &[u32],
    ) -> Result<()> {
        self.slots.clear();
        self.first.clear();
        self.nodes.clear();
        self.heads.clear();
        self.filed.clear();
        self.lengths = 0;
        for &i in group {
            self.first.push(self.slots.len() as u32);
            let m = &measures[i as usize];
            if m.products.all {
                self.slots.push(Slot {
                    measure: i,
                    node: ROOT,
                    code: None,
                });
            } else {
                let start = self.slots.len();
                for &c in &m.products.include_codes {
                    self.lengths |= 1 << c.len();
                    self.slots.push(Slot {
                        measure: i,
                        node: c.key(),
                        code: Some(c),
                    });
                }
                self.slots[start..].sort_unstable_by_key(|s| s.node);
                let mut k = start;
                for j in start..self.slots.len() {
                    if j == start || self.slots[j].node != self.slots[k - 1].node {
                        self.slots[k] = self.slots[j];
                        k += 1;
                    }
                }
                self.slots.truncate(k);
            }
        }
        self.first.push(self.slots.len() as u32);
        let nodes: Vec<u64> = self.slots.iter().map(|s| s.node).collect();
        self.nodes.extend(nodes);
        self.seen.clear();
        self.seen.resize(self.slots.len(), 0);

        let mut order: Vec<u32> = (0..group.len() as u32).collect();
        order.sort_by_key(|&g| (measures[group[g as usize] as usize].from, g));
        for g in order {
            let g = g as usize;
            let a = group[g];
            let ma = &measures[a as usize];
            let few = ma.origins.len() <= FEW_ORIGINS;
            for s in self.first[g]..self.first[g + 1] {
                let slot = self.slots[s as usize];
                self.query = self.query.wrapping_add(1);
                // Slots at the code, at a prefix of it, or at the root: the
                // code is what both cover.
                let (at, n) = self.prefixes(slot.code, false);
                for &node in &at[..n] {
                    self.visit(ctx, measures, edges, a, few, node, false, slot.code)?;
                }
                // Slots at longer codes under it: theirs is.
                self.visit(ctx, measures, edges, a, few, slot.node, true, None)?;
            }
            // File the measure's slots at their node, and below the nodes
            // of their prefixes.
            for s in self.first[g]..self.first[g + 1] {
                let slot = self.slots[s as usize];
                let (under, n) = self.prefixes(slot.code, true);
                let places = std::iter::once((slot.node, false))
                    .chain(under[..n].iter().map(|&u| (u, true)));
                for (node, below) in places {
                    if few {
                        for c in ma.origins.indexes() {
                            self.file(bucket_key(node, c as u64, below), s, ma.until);
                        }
                        self.file(bucket_key(node, ANY_FEW, below), s, ma.until);
                    } else {
                        self.file(bucket_key(node, BROAD, below), s, ma.until);
                    }
                }
            }
        }
        Ok(())
    }

    /// Compares measure `a` with the slots in force at `node` (`below`:
    /// under it) whose origins may meet its own. `witness` is the code both
    /// cover when the slots are at the node (for slots below it, their own
    /// code is).
    #[allow(clippy::too_many_arguments)]
    fn visit(
        &mut self,
        ctx: &Ctx,
        measures: &[CMeasure],
        edges: &[Vec<u32>],
        a: u32,
        few: bool,
        node: u64,
        below: bool,
        witness: Option<HtsCode>,
    ) -> Result<()> {
        let ma = &measures[a as usize];
        let key = |origin: u64| bucket_key(node, origin, below);
        self.scan(ctx, measures, edges, a, key(BROAD), witness, below)?;
        if few {
            for c in ma.origins.indexes() {
                self.scan(ctx, measures, edges, a, key(c as u64), witness, below)?;
            }
            return Ok(());
        }
        // A measure with many origins reads the few-origin slots all at once,
        // or country by country when there are more slots than countries.
        match self.heads.get(&key(ANY_FEW)) {
            None | Some((_, 0)) => Ok(()),
            Some(&(_, k)) if k as usize <= ma.origins.len() => {
                self.scan(ctx, measures, edges, a, key(ANY_FEW), witness, below)
            }
            Some(_) => {
                for c in ma.origins.indexes() {
                    self.scan(ctx, measures, edges, a, key(c as u64), witness, below)?;
                }
                Ok(())
            }
        }
    }

    /// Compares measure `a` with every slot of one bucket still in force on
    /// its first day (unlinking those that are not).
    #[allow(clippy::too_many_arguments)]
    fn scan(
        &mut self,
        ctx: &Ctx,
        measures: &[CMeasure],
        edges: &[Vec<u32>],
        a: u32,
        key: u64,
        witness: Option<HtsCode>,
        below: bool,
    ) -> Result<()> {
        let Some(head) = self.heads.get_mut(&key) else {
            return Ok(());
        };
        let ma = &measures[a as usize];
        let now = ma.from;
        let mut prev = END;
        let mut cur = head.0;
        while cur != END {
            let f = self.filed[cur as usize];
            if f.until <= now {
                // Ended before `a` starts, so before every later measure.
                if prev == END {
                    head.0 = f.next;
                } else {
                    self.filed[prev as usize].next = f.next;
                }
                head.1 -= 1;
                cur = f.next;
                continue;
            }
            prev = cur;
            cur = f.next;
            if self.seen[f.slot as usize] == self.query {
                continue;
            }
            self.seen[f.slot as usize] = self.query;
            self.pairs += 1;
            if self.pairs > limits::MAX_OVERLAP_PAIRS {
                return Err(ctx.too_large(
                    &ma.id,
                    "authority",
                    self.pairs,
                    limits::MAX_OVERLAP_PAIRS,
                    &format!(
                        "pairs of measures of the authority {} that overlap in dates, origins and products (separate them by dates, origins or products, or mark them cumulative)",
                        ma.authority
                    ),
                ));
            }
            let slot = self.slots[f.slot as usize];
            let w = if below { slot.code } else { witness };
            conflict(ctx, measures, edges, a, slot.measure, w)?;
        }
        Ok(())
    }
}

/// The overlap error for measures `a` and `b` (whose dates overlap and
/// whose product scopes share `witness`, or every product when `None`),
/// unless a stacking relation, an exclusion of the witness, their origins
/// or their conditions separate them.
fn conflict(
    ctx: &Ctx,
    measures: &[CMeasure],
    edges: &[Vec<u32>],
    a: u32,
    b: u32,
    witness: Option<HtsCode>,
) -> Result<()> {
    let (a, b) = (a.min(b), a.max(b));
    if a == b
        || edges[a as usize].binary_search(&b).is_ok()
        || edges[b as usize].binary_search(&a).is_ok()
    {
        return Ok(());
    }
    let (ma, mb) = (&measures[a as usize], &measures[b as usize]);
    if let Some(w) = witness {
        if ma.products.blocks(w) || mb.products.blocks(w) {
            return Ok(());
        }
    }
    if !(ma.from < mb.until
        && mb.from < ma.until
        && ma.origins.intersects(&mb.origins)
        && ma.cond.compatible(&mb.cond))
    {
        return Ok(());
    }
    Err(ctx.err(
        &ma.id,
        "superseded_by",
        format!(
            "overlaps measure {} of the same authority {} (same origin, dates, products{}) and no stacking rule orders them: add excludes/superseded_by, or mark both cumulative",
            mb.id,
            ma.authority,
            witness.map(|w| format!(", e.g. {w}")).unwrap_or_default()
        ),
    ))
}

impl Engine {
    pub(crate) fn compile(data: &ScheduleData, file: &str) -> Result<Engine> {
        Engine::compile_reusing(data, file, None, &[])
    }

    /// Compiles `data`, taking the already compiled base tables of the
    /// importers in `reuse` from `prev` instead of rebuilding them (the
    /// caller guarantees their base data and the groups are unchanged).
    pub(crate) fn compile_reusing(
        data: &ScheduleData,
        file: &str,
        prev: Option<&Engine>,
        reuse: &[Country],
    ) -> Result<Engine> {
        let ctx = Ctx::new(data, file)?;
        let mut importers: Vec<CImporter> = Vec::new();
        for imp in &data.importers {
            if importers.iter().any(|i| i.country == imp.country) {
                return Err(Error::schedule(
                    file,
                    Some(imp.country.as_str()),
                    "country",
                    "appears twice in importers",
                ));
            }
            let reused = prev
                .filter(|_| reuse.contains(&imp.country))
                .and_then(|p| p.importers.iter().find(|i| i.country == imp.country))
                .and_then(|i| i.base.clone());
            importers.push(compile_importer(&ctx, imp, reused)?);
        }
        // A fee's amounts are fees, a duty's are duty: in a batch each
        // authority is one column of one or the other, so a fee may not
        // share its authority with a duty of any importer.
        let mut duty: HashMap<&str, String> = HashMap::new();
        for imp in &importers {
            duty.entry(MFN).or_insert_with(|| "the base rates".into());
            for m in &imp.measures {
                duty.entry(&m.authority)
                    .or_insert_with(|| format!("measure {} of importer {}", m.id, imp.country));
            }
        }
        for imp in &importers {
            for f in &imp.fees {
                if let Some(d) = duty.get(&*f.authority) {
                    return Err(ctx.err(
                        &f.id,
                        "authority",
                        format!(
                            "{:?} is the authority of a duty ({d}): a fee needs an authority of its own, since its amounts are fees, not duty",
                            limits::echo(&f.authority)
                        ),
                    ));
                }
            }
        }
        let mut names: Vec<Arc<str>> = Vec::new();
        for imp in &importers {
            names.push(imp.mfn.clone());
            names.extend(imp.measures.iter().map(|m| m.authority.clone()));
            names.extend(imp.fees.iter().map(|f| f.authority.clone()));
        }
        names.sort();
        names.dedup();
        // The batch keeps a line's column in 16 bits (and u16::MAX for
        // none): the limit keeps every column index far below that.
        const _: () = assert!(limits::MAX_AUTHORITIES < u16::MAX as usize);
        limits::check_count(
            file,
            "authorities",
            names.len(),
            limits::MAX_AUTHORITIES,
            "authorities",
        )?;
        let index = |a: &str| -> u16 {
            let i = names.binary_search_by(|n| (**n).cmp(a)).unwrap_or(0);
            u16::try_from(i).expect("at most MAX_AUTHORITIES authorities")
        };
        for imp in &mut importers {
            imp.aidx_mfn = index(MFN);
            imp.aidx_measure = imp.measures.iter().map(|m| index(&m.authority)).collect();
            imp.aidx_fee = imp.fees.iter().map(|f| index(&f.authority)).collect();
        }
        let fees: HashSet<&str> = importers
            .iter()
            .flat_map(|i| i.fees.iter().map(|f| &*f.authority))
            .collect();
        let fee_authority = names.iter().map(|n| fees.contains(&**n)).collect();
        Ok(Engine {
            importers,
            authorities: names,
            fee_authority,
        })
    }

    /// The authorities of the batch output columns.
    pub(crate) fn authorities(&self) -> &[Arc<str>] {
        &self.authorities
    }

    /// Whether each authority of [`Engine::authorities`] is a fee's.
    pub(crate) fn fee_authority(&self) -> &[bool] {
        &self.fee_authority
    }

    /// A worker for batch evaluation (one per thread).
    pub(crate) fn worker(&self) -> Worker<'_> {
        Worker {
            engine: self,
            s: Scratch::default(),
            codes: (0..self.importers.len())
                .map(|_| KeyMap::default())
                .collect(),
            plans: HashMap::default(),
            plan_steps: Vec::new(),
            distinct: HashMap::default(),
            lookups: 0,
            hits: 0,
            use_plans: true,
        }
    }

    /// The tariff lines of an importer in force on `date`, sorted; `None`
    /// when the importer is unknown or has no base table.
    /// Each with whether its general rate has a specific (non ad valorem) part.
    pub(crate) fn lines_in_force(
        &self,
        importer: Country,
        date: Date,
    ) -> Option<Vec<(HtsCode, bool)>> {
        let imp = self.importers.iter().find(|i| i.country == importer)?;
        let base = imp.base.as_ref()?;
        let mut codes: Vec<(HtsCode, bool)> = base
            .lines
            .values()
            .filter_map(|v| v.iter().find(|l| l.from <= date && date < l.until))
            .map(|l| {
                let specific = l
                    .general
                    .as_ref()
                    .and_then(|c| c.rate.as_ref().ok())
                    .is_some_and(|r| !r.is_ad_valorem());
                (l.code, specific)
            })
            .collect();
        codes.sort_unstable();
        Some(codes)
    }

    /// Groups `origins` into classes that every origin-dependent rule in force
    /// on `date` treats alike (measures, exemptions, suspensions, programs,
    /// column 2). Returns the class of each origin and one representative
    /// origin per class.
    pub(crate) fn origin_classes(
        &self,
        importer: Country,
        date: Date,
        origins: &[Country],
    ) -> Option<(Vec<u32>, Vec<Country>)> {
        let imp = self.importers.iter().find(|i| i.country == importer)?;
        let mut sets: Vec<&CountrySet> = Vec::new();
        let live = |from: Date, until: Date| from <= date && date < until;
        sets.extend(
            imp.measures
                .iter()
                .filter(|m| live(m.from, m.until))
                .map(|m| &m.origins),
        );
        for x in imp.exemptions.iter().filter(|x| live(x.from, x.until)) {
            sets.push(&x.origins);
            sets.extend(
                x.suspensions
                    .iter()
                    .filter(|s| live(s.from, s.until))
                    .map(|s| &s.origins),
            );
        }
        if let Some(b) = &imp.base {
            sets.push(&b.column2);
            sets.extend(b.programs.iter().map(|p| &p.origins));
        }
        let mut classes: HashMap<Vec<bool>, u32> = HashMap::new();
        let mut reps = Vec::new();
        let mut of = Vec::with_capacity(origins.len());
        for &o in origins {
            let sig: Vec<bool> = sets.iter().map(|s| s.contains(o)).collect();
            let next = classes.len() as u32;
            let c = *classes.entry(sig).or_insert_with(|| {
                reps.push(o);
                next
            });
            of.push(c);
        }
        Some((of, reps))
    }

    /// Validates the entry and finds its importer: the common start of a quote.
    fn importer_for(&self, e: &Entry) -> Result<&CImporter> {
        Ok(&self.importers[self.importer_index(e)?])
    }

    /// [`Engine::importer_for`], as an index into the importers.
    fn importer_index(&self, e: &Entry) -> Result<usize> {
        e.validate()?;
        self.importer_position(e.importer)
    }

    /// The index of an importer, or the error naming it.
    pub(crate) fn importer_position(&self, importer: Country) -> Result<usize> {
        self.importers
            .iter()
            .position(|i| i.country == importer)
            .ok_or_else(|| Error::UnknownImporter {
                importer: importer.to_string(),
            })
    }

    pub(crate) fn quote(&self, e: &Entry) -> Result<Quote> {
        let imp = self.importer_for(e)?;
        imp.quote(e)
    }
}

// ---------------------------------------------------------------- quote
//
// Evaluation has two phases. The *structure* of a quote (which base column,
// which measures apply, which exemptions and fees) depends on the entry's
// code, origin, date, mode, claims, loading date and on the value only
// through the conditions' value thresholds; it is written as a list of
// [`Step`]s. The *amounts* then depend on the value and quantities only.
// A single quote runs both phases; a batch caches the steps per [`PlanKey`]
// and runs only the second phase for rows whose key it has seen, so both
// give the same numbers by construction.

/// Where a raw line or exclusion comes from.
#[derive(Clone, Copy)]
enum Src {
    Base,
    Measure(u32),
    Exemption(u32),
    Fee(u32),
}

/// How the base column was chosen.
#[derive(Clone, Copy)]
enum Column {
    General,
    Other,
    Special { program: u32, group: u32 },
}

#[derive(Clone, Copy)]
enum Why {
    Cond(CondFailKind),
    Removed(u32),
    Displaced(u32),
    Suspended(u32, u32),
}

/// A failed condition, without allocation (the details are re-derived when
/// the reason is written).
#[derive(Clone, Copy)]
enum CondFailKind {
    Mode,
    ValueOver,
    ValueAtMost,
    Claim(u16),
    NotClaim(u16),
    LoadedBefore,
}

/// How a step's amount follows from the value and quantities.
#[derive(Clone, Copy)]
enum How<'a> {
    /// An exemption line: zero.
    Zero,
    /// A rate that is purely ad valorem on the whole value, with its percent.
    Percent(Decimal, &'a Rate),
    /// Any other rate.
    Rate(&'a Rate),
    /// An all-in floor: percent, and the authorities it counts.
    Floor(Decimal, &'a [String]),
    /// A fee.
    Fee(&'a CFee),
}

/// One line of a quote whose presence is decided; its amount is computed by
/// [`CImporter::amounts`].
#[derive(Clone, Copy)]
struct Step<'a> {
    kind: LineKind,
    src: Src,
    /// The line's authority (index into [`Engine::authorities`]).
    aidx: u16,
    how: How<'a>,
}

impl<'a> Step<'a> {
    /// Two numbers that are equal for two steps exactly when the steps are:
    /// the line (kind, source, authority) and what its amount is computed
    /// from (by address: every rate, floor and fee lives in the schedule).
    fn identity(&self) -> (u64, u64) {
        let (tag, idx) = match self.src {
            Src::Base => (0u64, 0u32),
            Src::Measure(i) => (1, i),
            Src::Exemption(i) => (2, i),
            Src::Fee(i) => (3, i),
        };
        let line =
            (self.kind as u64) << 60 | tag << 56 | u64::from(self.aidx) << 32 | u64::from(idx);
        let how = match self.how {
            How::Zero => 0,
            How::Percent(_, r) => (r as *const Rate as usize as u64) << 2 | 1,
            How::Rate(r) => (r as *const Rate as usize as u64) << 2 | 2,
            How::Floor(_, c) => (c.as_ptr() as usize as u64) << 2 | 3,
            How::Fee(f) => (f as *const CFee as usize as u64) << 2,
        };
        (line, how)
    }

    fn rate(kind: LineKind, src: Src, aidx: u16, r: &'a Rate) -> Step<'a> {
        let how = match r.ad_valorem_percent() {
            Some(p) => How::Percent(p, r),
            None => How::Rate(r),
        };
        Step {
            kind,
            src,
            aidx,
            how,
        }
    }
}

struct RawLine {
    src: Src,
    amount: Decimal,
}

struct RawExcluded {
    src: Src,
    why: Why,
}

/// Reusable buffers for evaluation; one per thread in batch work.
#[derive(Default)]
pub(crate) struct Scratch<'a> {
    steps: Vec<Step<'a>>,
    lines: Vec<RawLine>,
    excluded: Vec<RawExcluded>,
    cands: Vec<u32>,
    alive: Vec<u32>,
    applied_ex: Vec<u32>,
}

/// The amounts of one evaluated entry (what a batch row needs).
pub(crate) struct Summary {
    pub(crate) value: Decimal,
    pub(crate) duty: Decimal,
    pub(crate) fees: Decimal,
    pub(crate) total: Decimal,
    pub(crate) effective_rate: Decimal,
}

impl Summary {
    /// The amounts of a row that failed.
    pub(crate) fn zero() -> Summary {
        Summary {
            value: Decimal::ZERO,
            duty: Decimal::ZERO,
            fees: Decimal::ZERO,
            total: Decimal::ZERO,
            effective_rate: Decimal::ZERO,
        }
    }
}

struct BaseChoice<'a> {
    line: &'a CBaseLine,
    column: Column,
}

/// What one tariff code matches among an importer's product scopes: looked up
/// once per code, then reused for every origin, date and value.
pub(crate) struct CodeInfo<'a> {
    code: HtsCode,
    /// The base lines of the code and of its shorter forms down to 8 digits,
    /// longest first.
    base: Vec<&'a [CBaseLine]>,
    /// Exemptions whose products may cover the code (listed under one of
    /// its prefixes, or on every product), in schedule order; whether each
    /// really does (exclusions) is tested on first use, as for `uscope`.
    exemptions: Vec<u32>,
    exemption_covers: Vec<std::cell::Cell<u8>>,
    /// Measures on listed products that cover the code (any origin), in stacking order.
    listed: Vec<u32>,
    /// Whether each of [`CImporter::uscopes`] covers the code: 0 not yet
    /// known, 1 no, 2 yes (tested on first use: a single quote needs few).
    uscope: Vec<std::cell::Cell<u8>>,
}

impl CConditions {
    fn check_kind(&self, e: &Entry, value: Decimal) -> std::result::Result<(), CondFailKind> {
        if let Some(ms) = &self.modes {
            if !ms.contains(&e.mode) {
                return Err(CondFailKind::Mode);
            }
        }
        if let Some(t) = self.value_over {
            if value <= t {
                return Err(CondFailKind::ValueOver);
            }
        }
        if let Some(t) = self.value_at_most {
            if value > t {
                return Err(CondFailKind::ValueAtMost);
            }
        }
        for (i, c) in self.claims.iter().enumerate() {
            if !e.has_claim(c) {
                return Err(CondFailKind::Claim(i as u16));
            }
        }
        for (i, c) in self.not_claims.iter().enumerate() {
            if e.has_claim(c) {
                return Err(CondFailKind::NotClaim(i as u16));
            }
        }
        if let Some(d) = self.loaded_before {
            match e.loaded_on {
                Some(l) if l < d => {}
                _ => return Err(CondFailKind::LoadedBefore),
            }
        }
        Ok(())
    }

    fn explain(&self, k: CondFailKind, e: &Entry, value: Decimal) -> CondFail {
        match k {
            CondFailKind::Mode => CondFail::Mode(e.mode, self.modes.clone().unwrap_or_default()),
            CondFailKind::ValueOver => {
                CondFail::ValueOver(value, self.value_over.unwrap_or_default())
            }
            CondFailKind::ValueAtMost => {
                CondFail::ValueAtMost(value, self.value_at_most.unwrap_or_default())
            }
            CondFailKind::Claim(i) => CondFail::Claim(self.claims[usize::from(i)].clone()),
            CondFailKind::NotClaim(i) => {
                CondFail::NotClaim(self.not_claims[usize::from(i)].clone())
            }
            CondFailKind::LoadedBefore => {
                CondFail::LoadedBefore(self.loaded_before.unwrap_or(Date::MAX), e.loaded_on)
            }
        }
    }
}

/// A yes/no answer computed on first use and remembered in `cell` (0: not
/// yet known, 1: no, 2: yes).
fn lazily(cell: &std::cell::Cell<u8>, f: impl FnOnce() -> bool) -> bool {
    match cell.get() {
        0 => {
            let yes = f();
            cell.set(1 + u8::from(yes));
            yes
        }
        v => v == 2,
    }
}

/// `d ÷ 100`, exact: a change of scale when it fits, else a division (which
/// cannot overflow: the magnitude only shrinks).
fn div100(d: Decimal) -> Decimal {
    if d.scale() <= 26 {
        let mut r = d;
        // Cannot fail: the scale stays within 28.
        let _ = r.set_scale(d.scale() + 2);
        r
    } else {
        d / Decimal::ONE_HUNDRED
    }
}

/// Powers of ten that fit in a `u64`.
const POW10: [u64; 20] = {
    let mut t = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// `n ÷ d` rounded half up, for the non-negative 64-bit case.
fn div_round_u64(n: u64, d: u64) -> u64 {
    let (q, r) = (n / d, n % d);
    if r >= d - r {
        q + 1
    } else {
        q
    }
}

/// `value x percent ÷ 100` rounded to the cent, half away from zero, in
/// integer arithmetic; `None` when the numbers are too large for it (the
/// caller then uses [`Rate::amount`]). Equal to
/// `round_money(value * percent / 100)` whenever it returns. Within the
/// limits of [`crate::limits`] (10^15 with 9 decimals, 10^5 % with 9
/// decimals) the product has at most 38 digits: the 128-bit path is exact
/// to the cent where `Decimal` arithmetic (28 digits) would round first.
fn percent_cents(value: Decimal, percent: Decimal) -> Option<i128> {
    // value x percent / 100 in cents is value x percent itself:
    // (vm x pm) / 10^(vs + ps), rounded.
    let shift = value.scale() + percent.scale();
    let (vm, pm) = (value.mantissa(), percent.mantissa());
    if let (Ok(v), Ok(p), Some(&d)) = (
        u64::try_from(vm),
        u64::try_from(pm),
        POW10.get(shift as usize),
    ) {
        // The common case (a value and a rate of a few digits): 64 bits.
        if let Some(n) = v.checked_mul(p) {
            return Some(i128::from(div_round_u64(n, d)));
        }
    }
    let n = vm.checked_mul(pm)?;
    if shift > 30 {
        return None;
    }
    let d = 10i128.pow(shift);
    let (q, r) = (n / d, n % d);
    let q = if 2 * r.abs() >= d { q + n.signum() } else { q };
    Some(q)
}

/// A percent fee in whole cents without decimal arithmetic, when its
/// minimum, maximum and flat amount are whole cents. Exact: the value, the
/// percent and those amounts are never negative, and rounding half up is
/// monotone and leaves whole cents alone, so rounding the percent part
/// before clamping it and adding the flat amount gives the same cents.
///
/// Absent bounds are `i64::MIN` and `i64::MAX`: a percent part beyond 64
/// bits takes the decimal path, so that no bound is made up for it.
fn fee_cents(f: &CFee, value: Decimal) -> Option<i128> {
    let (lo, hi, flat) = f.cents?;
    let part = match f.percent {
        Some(p) => i64::try_from(percent_cents(value, p)?).ok()?.clamp(lo, hi),
        None => 0,
    };
    i128::from(part).checked_add(i128::from(flat))
}

/// A whole number of cents, when `d` has at most two decimals and fits.
fn whole_cents(d: Decimal) -> Option<i64> {
    if d.scale() > 2 {
        return None;
    }
    let m = d.mantissa().checked_mul(10i128.pow(2 - d.scale()))?;
    i64::try_from(m).ok()
}

/// Duty ÷ value to 6 places, half away from zero: integer arithmetic when it
/// fits, else decimal division. Always at scale 6: a ratio too large for
/// six decimals (a duty of 10^23 on a value of 1) is an [`Error::Overflow`].
fn rate6(duty: Decimal, value: Decimal) -> Result<Decimal> {
    let overflow = || {
        Error::overflow(
            format!("the effective duty rate (duty {duty} ÷ value)"),
            "value",
            value,
        )
    };
    if value.is_zero() {
        return Ok(Decimal::new(0, 6));
    }
    // (dm / 10^ds) / (vm / 10^vs) x 10^6 = dm x 10^(vs + 6 - ds) / vm.
    let exp = i64::from(value.scale()) + 6 - i64::from(duty.scale());
    if let (Ok(dm), Ok(vm), Some(&p)) = (
        u64::try_from(duty.mantissa()),
        u64::try_from(value.mantissa()),
        POW10.get(exp as usize).filter(|_| exp >= 0),
    ) {
        if let Some(n) = dm.checked_mul(p) {
            if let Ok(q) = i64::try_from(div_round_u64(n, vm)) {
                return Ok(Decimal::new(q, 6));
            }
        }
    }
    let fast = (0..=30).contains(&exp).then(|| {
        let n = duty.mantissa().checked_mul(10i128.pow(exp as u32))?;
        let d = value.mantissa();
        let (q, r) = (n / d, n % d);
        let q = if 2 * r.abs() >= d.abs() {
            q + n.signum() * d.signum()
        } else {
            q
        };
        i64::try_from(q).ok()
    });
    if let Some(Some(q)) = fast {
        return Ok(Decimal::new(q, 6));
    }
    let mut r = duty
        .checked_div(value)
        .ok_or_else(overflow)?
        .round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(6);
    if r.scale() != 6 {
        return Err(overflow());
    }
    Ok(r)
}

impl CImporter {
    fn customs_value(&self, e: &Entry) -> Result<Decimal> {
        match e.currency {
            Some(c) if c != self.currency => {
                let r = e.exchange_rate.ok_or_else(|| Error::MissingExchangeRate {
                    currency: c.to_string(),
                    importer_currency: self.currency.to_string(),
                })?;
                let v = e.value.checked_mul(r).ok_or_else(|| {
                    Error::overflow(
                        format!("the customs value {} {c} in {}", e.value, self.currency),
                        "exchange_rate",
                        r,
                    )
                })?;
                if v > crate::limits::MAX_VALUE {
                    return Err(Error::TooLarge {
                        field: "value".into(),
                        value: crate::limits::echo(&format!(
                            "{} {c} x {r} = {v} {}",
                            e.value, self.currency
                        )),
                        limit: format!(
                            "a customs value of at most {} in the importer's currency",
                            crate::limits::MAX_VALUE
                        ),
                    });
                }
                Ok(v)
            }
            _ => Ok(e.value),
        }
    }

    /// Looks up what `code` matches (hash lookups of its prefixes).
    pub(crate) fn code_info(&self, code: HtsCode) -> CodeInfo<'_> {
        let mut base = Vec::new();
        if let Some(b) = &self.base {
            if code.len() >= 8 {
                for n in (8..=code.len()).rev() {
                    if let Some(v) = b.lines.get(&code.truncate(n).key()) {
                        base.push(&v[..]);
                    }
                }
            }
        }
        let mut listed = Vec::new();
        let mut exemptions = self.x_universal.clone();
        for k in prefix_keys(code) {
            if let Some(v) = self.index.get(&k) {
                listed.extend_from_slice(v);
            }
            if let Some(v) = self.x_index.get(&k) {
                exemptions.extend_from_slice(v);
            }
        }
        let measures = &self.measures;
        listed.sort_unstable_by_key(|&i| (measures[i as usize].rank, i));
        listed.dedup();
        listed.retain(|&i| measures[i as usize].products.matches(code));
        exemptions.sort_unstable();
        exemptions.dedup();
        CodeInfo {
            code,
            base,
            exemption_covers: vec![std::cell::Cell::new(0); exemptions.len()],
            exemptions,
            listed,
            uscope: vec![std::cell::Cell::new(0); self.uscopes.len()],
        }
    }

    /// Whether universal scope `k` covers the code of `info`.
    fn uscope_covers(&self, info: &CodeInfo, k: u16) -> bool {
        let k = usize::from(k);
        lazily(&info.uscope[k], || self.uscopes[k].matches(info.code))
    }

    fn base_line<'a>(&'a self, info: &CodeInfo<'a>, date: Date) -> Result<&'a CBaseLine> {
        if info.code.len() < 8 {
            return Err(short_code(info.code));
        }
        info.base
            .iter()
            .find_map(|v| v.iter().find(|l| l.from <= date && date < l.until))
            .ok_or_else(|| Error::UnknownCode {
                importer: self.country.to_string(),
                code: info.code.to_string(),
                date: date.to_string(),
            })
    }

    fn pick_column(base: &CBase, l: &CBaseLine, e: &Entry) -> Result<Column> {
        if base.column2.contains(e.origin) && l.other.is_some() {
            return Ok(Column::Other);
        }
        if !e.claims.is_empty() {
            for (pi, p) in base.programs.iter().enumerate() {
                if e.has_claim(&p.claim) && p.origins.contains(e.origin) {
                    if let Some(gi) = l
                        .special
                        .iter()
                        .position(|(_, progs)| progs.iter().any(|x| p.codes.iter().any(|y| y == x)))
                    {
                        return Ok(Column::Special {
                            program: pi as u32,
                            group: gi as u32,
                        });
                    }
                }
            }
        }
        if l.general.is_some() {
            Ok(Column::General)
        } else {
            Err(Error::InvalidRate {
                text: String::new(),
                reason: format!("the schedule prints no column 1 rate for {}", l.code),
            })
        }
    }

    fn cell(l: &CBaseLine, c: Column) -> &Cell {
        match c {
            Column::Other => l.other.as_ref(),
            Column::General => l.general.as_ref(),
            Column::Special { group, .. } => l.special.get(group as usize).map(|(c, _)| c),
        }
        .expect("pick_column only returns columns the line has")
    }

    /// The first applied exemption that removes what `is_removed` tests.
    fn removed_by(&self, s: &Scratch, is_removed: impl Fn(&CExemption) -> bool) -> Option<u32> {
        s.applied_ex
            .iter()
            .copied()
            .find(|&x| is_removed(&self.exemptions[x as usize]))
    }

    /// Phase 1: the steps of the entry's quote into `s.steps` (and, when
    /// `explain`, what was left out and why into `s.excluded`). `value` is
    /// the customs value in the importer's currency; it is only compared with
    /// the conditions' thresholds here.
    fn structure<'a>(
        &'a self,
        e: &Entry,
        value: Decimal,
        info: &CodeInfo<'a>,
        s: &mut Scratch<'a>,
        explain: bool,
    ) -> Result<Option<BaseChoice<'a>>> {
        s.steps.clear();
        s.excluded.clear();
        s.applied_ex.clear();
        s.alive.clear();
        let date = e.entry_date;
        // Rates are set per tariff line: a shorter code covers many lines
        // (with or without base rates in this schedule).
        if info.code.len() < 8 {
            return Err(short_code(info.code));
        }

        // Import bans: no duty to quote.
        for p in &self.prohibitions {
            if p.from <= date
                && date < p.until
                && p.origins.contains(e.origin)
                && p.products.matches(info.code)
                && p.cond.check_kind(e, value).is_ok()
            {
                return Err(Error::Prohibited {
                    code: e.code.to_string(),
                    origin: e.origin.to_string(),
                    date: date.to_string(),
                    ban: Box::new(crate::error::Ban {
                        importer: self.country.to_string(),
                        id: p.id.to_string(),
                        description: p.description.clone(),
                        source: p.source.to_string(),
                    }),
                });
            }
        }

        // Exemptions.
        for (k, &xi) in info.exemptions.iter().enumerate() {
            let x = &self.exemptions[xi as usize];
            if !(x.from <= date
                && date < x.until
                && x.origins.contains(e.origin)
                && lazily(&info.exemption_covers[k], || x.products.matches(info.code)))
            {
                continue;
            }
            if let Some(si) = x.suspensions.iter().position(|s| {
                s.from <= date
                    && date < s.until
                    && s.origins.contains(e.origin)
                    && s.modes.as_ref().map_or(true, |m| m.contains(&e.mode))
            }) {
                if explain {
                    s.excluded.push(RawExcluded {
                        src: Src::Exemption(xi),
                        why: Why::Suspended(xi, si as u32),
                    });
                }
                continue;
            }
            if let Err(k) = x.cond.check_kind(e, value) {
                if explain {
                    s.excluded.push(RawExcluded {
                        src: Src::Exemption(xi),
                        why: Why::Cond(k),
                    });
                }
                continue;
            }
            s.applied_ex.push(xi);
        }

        // Base line.
        let mut choice = None;
        if let Some(base) = &self.base {
            let l = self.base_line(info, date)?;
            let column = Self::pick_column(base, l, e)?;
            if let Some(x) = self.removed_by(s, |x| x.removes_base) {
                if explain {
                    s.excluded.push(RawExcluded {
                        src: Src::Base,
                        why: Why::Removed(x),
                    });
                }
            } else {
                let cell = Self::cell(l, column);
                let rate = cell.rate.as_ref().map_err(|why| Error::InvalidRate {
                    text: cell.text.to_string(),
                    reason: why.to_string(),
                })?;
                s.steps
                    .push(Step::rate(LineKind::Base, Src::Base, self.aidx_mfn, rate));
            }
            choice = Some(BaseChoice { line: l, column });
        }

        // Candidate measures, in stacking order.
        s.cands.clear();
        if let Some(u) = self.universal.get(e.origin.index()) {
            let measures = &self.measures;
            s.cands.extend(
                u.iter()
                    .filter(|&&i| self.uscope_covers(info, measures[i as usize].uscope)),
            );
        }
        s.cands.extend(
            info.listed
                .iter()
                .filter(|&&i| self.measures[i as usize].origins.contains(e.origin)),
        );
        let measures = &self.measures;
        s.cands
            .sort_unstable_by_key(|&i| (measures[i as usize].rank, i));
        for ci in 0..s.cands.len() {
            let i = s.cands[ci];
            let m = &self.measures[i as usize];
            if !(m.from <= date && date < m.until) {
                continue;
            }
            let why = if let Err(k) = m.cond.check_kind(e, value) {
                Some(Why::Cond(k))
            } else if let Some(x) = self.removed_by(s, |x| x.removes_measures.has(i)) {
                Some(Why::Removed(x))
            } else {
                m.blockers
                    .iter()
                    .find(|b| s.alive.contains(b))
                    .map(|&b| Why::Displaced(b))
            };
            match why {
                Some(why) => {
                    if explain {
                        s.excluded.push(RawExcluded {
                            src: Src::Measure(i),
                            why,
                        });
                    }
                }
                None => s.alive.push(i),
            }
        }
        // Plain measures first, floors after them.
        for pass_floor in [false, true] {
            for ai in 0..s.alive.len() {
                let i = s.alive[ai];
                let m = &self.measures[i as usize];
                if m.floor.is_some() != pass_floor {
                    continue;
                }
                let src = Src::Measure(i);
                let aidx = self.aidx_measure[i as usize];
                s.steps.push(match (&m.rate, &m.floor) {
                    (Some(r), _) => Step::rate(LineKind::Additional, src, aidx, r),
                    (None, Some((pct, counts))) => Step {
                        kind: LineKind::Additional,
                        src,
                        aidx,
                        how: How::Floor(*pct, counts),
                    },
                    (None, None) => Step {
                        kind: LineKind::Additional,
                        src,
                        aidx,
                        how: How::Zero,
                    },
                });
            }
        }
        for xi in 0..s.applied_ex.len() {
            let x = s.applied_ex[xi];
            s.steps.push(Step {
                kind: LineKind::Exemption,
                src: Src::Exemption(x),
                aidx: u16::MAX,
                how: How::Zero,
            });
        }

        // Fees.
        for (fi, f) in self.fees.iter().enumerate() {
            if !(f.from <= date && date < f.until) {
                continue;
            }
            if let Err(k) = f.cond.check_kind(e, value) {
                if explain && !matches!(k, CondFailKind::ValueOver | CondFailKind::ValueAtMost) {
                    s.excluded.push(RawExcluded {
                        src: Src::Fee(fi as u32),
                        why: Why::Cond(k),
                    });
                }
                continue;
            }
            if let Some(x) = self.removed_by(s, |x| x.removes_fees.has(fi as u32)) {
                if explain {
                    s.excluded.push(RawExcluded {
                        src: Src::Fee(fi as u32),
                        why: Why::Removed(x),
                    });
                }
                continue;
            }
            s.steps.push(Step {
                kind: LineKind::Fee,
                src: Src::Fee(fi as u32),
                aidx: self.aidx_fee[fi],
                how: How::Fee(f),
            });
        }
        Ok(choice)
    }

    /// Phase 2: the amount of every step (into `lines`, one per step) and the
    /// totals, for the customs value `value` (importer's currency) and the
    /// quantities `q`.
    fn amounts(
        &self,
        steps: &[Step],
        value: Decimal,
        q: &dyn QuantitySource,
        lines: &mut Vec<RawLine>,
    ) -> Result<Summary> {
        lines.clear();
        // Every amount is a whole number of cents (scale 2), or its step
        // fails with an overflow error: the sums are exact in cents.
        let (mut duty_c, mut fees_c) = (0i128, 0i128);
        let sum_overflow = |what: &str| Error::overflow(what, "value", value);
        for st in steps {
            let amount = self
                .step_amount(st, value, q, lines)
                .map_err(|e| self.on_line(e, st))?;
            debug_assert_eq!(amount.scale(), 2);
            let c = amount.mantissa();
            match st.kind {
                LineKind::Base | LineKind::Additional => {
                    duty_c = duty_c
                        .checked_add(c)
                        .ok_or_else(|| sum_overflow("the duty (the sum of the duty lines)"))?
                }
                LineKind::Fee => {
                    fees_c = fees_c
                        .checked_add(c)
                        .ok_or_else(|| sum_overflow("the fees (the sum of the fee lines)"))?
                }
                LineKind::Exemption => {}
            }
            lines.push(RawLine {
                src: st.src,
                amount,
            });
        }
        let duty =
            cents(duty_c).ok_or_else(|| sum_overflow("the duty (the sum of the duty lines)"))?;
        let fees =
            cents(fees_c).ok_or_else(|| sum_overflow("the fees (the sum of the fee lines)"))?;
        let total = duty_c
            .checked_add(fees_c)
            .and_then(cents)
            .ok_or_else(|| sum_overflow("the total (duty + fees)"))?;
        Ok(Summary {
            value,
            duty,
            fees,
            total,
            effective_rate: rate6(duty, value)?,
        })
    }

    /// The amount of one step, rounded to the cent (scale 2); `lines` holds
    /// the amounts of the steps before it (a floor counts some of them).
    /// An overflow names its input; [`CImporter::on_line`] adds the line.
    fn step_amount(
        &self,
        st: &Step,
        value: Decimal,
        q: &dyn QuantitySource,
        lines: &[RawLine],
    ) -> Result<Decimal> {
        let of_value = || Error::overflow("", "value", value);
        match st.how {
            How::Zero => Ok(Decimal::new(0, 2)),
            How::Percent(p, r) => match percent_cents(value, p).and_then(cents) {
                Some(a) => Ok(a),
                None => money(r.amount(value, q)?).ok_or_else(of_value),
            },
            How::Rate(r) => {
                let a = r.amount(value, q)?;
                money(a).ok_or_else(|| {
                    // The input of the rate: its first quantity, else the value.
                    let (field, v) = r
                        .needs()
                        .into_iter()
                        .find_map(|(u, b)| {
                            let n = q.quantity(u, b)?;
                            Some((
                                format!("quantities.{}", crate::rate::quantity_name(u, b)),
                                n,
                            ))
                        })
                        .unwrap_or_else(|| ("value".into(), value));
                    Error::overflow("", &field, v)
                })
            }
            How::Floor(pct, counts) => {
                let counted = checked_sum(lines.iter().filter_map(|l| {
                    let auth: &str = match l.src {
                        Src::Base => MFN,
                        Src::Measure(j) => &self.measures[j as usize].authority,
                        _ => return None,
                    };
                    counts.iter().any(|c| c == auth).then_some(l.amount)
                }))
                .ok_or_else(of_value)?;
                let floor = div100(value.checked_mul(pct).ok_or_else(of_value)?);
                let rest = floor.checked_sub(counted).ok_or_else(of_value)?;
                money(rest.max(Decimal::ZERO)).ok_or_else(of_value)
            }
            How::Fee(f) => match fee_cents(f, value).and_then(cents) {
                Some(a) => Ok(a),
                None => {
                    let mut amount = Decimal::ZERO;
                    if let Some(p) = f.percent {
                        let mut a = div100(value.checked_mul(p).ok_or_else(of_value)?);
                        if let Some(lo) = f.minimum {
                            a = a.max(lo);
                        }
                        if let Some(hi) = f.maximum {
                            a = a.min(hi);
                        }
                        amount = a;
                    }
                    if let Some(flat) = f.flat {
                        amount = amount.checked_add(flat).ok_or_else(of_value)?;
                    }
                    money(amount).ok_or_else(of_value)
                }
            },
        }
    }

    /// An overflow error of step `st` names the line: kind, authority and id.
    fn on_line(&self, e: Error, st: &Step) -> Error {
        let Error::Overflow { what, field, value } = e else {
            return e;
        };
        let id = match st.src {
            Src::Base => None,
            Src::Measure(i) => Some(&self.measures[i as usize].id),
            Src::Exemption(i) => Some(&self.exemptions[i as usize].id),
            Src::Fee(i) => Some(&self.fees[i as usize].id),
        };
        let line = format!(
            "the {} line of {}{}",
            st.kind,
            self.authority_of(st.src),
            id.map(|i| format!(" ({i})")).unwrap_or_default()
        );
        Error::Overflow {
            what: if what.is_empty() {
                line
            } else {
                format!("{what} on {line}")
            },
            field,
            value,
        }
    }

    /// Both phases for one entry: what a single quote runs.
    fn evaluate<'a>(
        &'a self,
        e: &Entry,
        s: &mut Scratch<'a>,
        explain: bool,
    ) -> Result<(Summary, Option<BaseChoice<'a>>)> {
        let value = self.customs_value(e)?;
        let info = self.code_info(e.code);
        let choice = self.structure(e, value, &info, s, explain)?;
        let q = QuantitiesIn {
            entry: e,
            rate: self.quantity_rate(e),
        };
        let sum = self.amounts(&s.steps, value, &q, &mut s.lines)?;
        Ok((sum, choice))
    }

    /// The factor from the entry's currency to the importer's, for `value[...]` quantities.
    fn quantity_rate(&self, e: &Entry) -> Decimal {
        if e.currency.is_some_and(|c| c != self.currency) {
            e.exchange_rate.unwrap_or(Decimal::ONE)
        } else {
            Decimal::ONE
        }
    }

    /// The authority of a raw line's source.
    fn authority_of(&self, src: Src) -> &Arc<str> {
        match src {
            Src::Base => &self.mfn,
            Src::Measure(i) => &self.measures[i as usize].authority,
            Src::Exemption(i) => &self.exemptions[i as usize].authority,
            Src::Fee(i) => &self.fees[i as usize].authority,
        }
    }

    fn quote(&self, e: &Entry) -> Result<Quote> {
        let mut s = Scratch::default();
        let (sum, choice) = self.evaluate(e, &mut s, true)?;
        let value = sum.value;
        let base_heading = choice
            .as_ref()
            .map(|c| Arc::<str>::from(c.line.code.to_string().as_str()));
        let mut lines = Vec::with_capacity(s.lines.len());
        for l in &s.lines {
            let line = match l.src {
                Src::Base => {
                    let (Some(c), Some(base)) = (&choice, &self.base) else {
                        continue;
                    };
                    let cell = Self::cell(c.line, c.column);
                    let rev = if c.line.revision.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", c.line.revision)
                    };
                    let code = c.line.code;
                    let reason = match c.column {
                        Column::General => format!("column 1 general rate of {code}{rev}"),
                        Column::Other => format!(
                            "column 2 rate of {code}{rev}: {} is a column 2 country",
                            e.origin
                        ),
                        Column::Special { program, group } => {
                            let p = &base.programs[program as usize];
                            let codes = &c.line.special[group as usize].1;
                            let pc = codes
                                .iter()
                                .find(|x| p.codes.contains(x))
                                .cloned()
                                .unwrap_or_default();
                            format!(
                                "special rate of {code}{rev} under the {} claim (program {pc})",
                                p.claim
                            )
                        }
                    };
                    let source = if c.line.revision.is_empty() {
                        base.source.clone()
                    } else {
                        Arc::from(format!("{}, {}", base.source, c.line.revision).as_str())
                    };
                    Line {
                        kind: LineKind::Base,
                        authority: self.mfn.clone(),
                        heading: base_heading.clone(),
                        id: None,
                        rate: cell.text.to_string(),
                        base: value,
                        amount: l.amount,
                        reason,
                        source,
                    }
                }
                Src::Measure(i) => {
                    let m = &self.measures[i as usize];
                    Line {
                        kind: LineKind::Additional,
                        authority: m.authority.clone(),
                        heading: m.heading.clone(),
                        id: Some(m.id.clone()),
                        rate: m.rate_text.clone(),
                        base: value,
                        amount: l.amount,
                        reason: m.description.clone(),
                        source: m.source.clone(),
                    }
                }
                Src::Exemption(i) => {
                    let x = &self.exemptions[i as usize];
                    Line {
                        kind: LineKind::Exemption,
                        authority: x.authority.clone(),
                        heading: x.heading.clone(),
                        id: Some(x.id.clone()),
                        rate: exemption_rate_text(x, self.currency),
                        base: value,
                        amount: l.amount,
                        reason: x.description.clone(),
                        source: x.source.clone(),
                    }
                }
                Src::Fee(i) => {
                    let f = &self.fees[i as usize];
                    Line {
                        kind: LineKind::Fee,
                        authority: f.authority.clone(),
                        heading: f.heading.clone(),
                        id: Some(f.id.clone()),
                        rate: fee_rate_text(f, self.currency),
                        base: value,
                        amount: l.amount,
                        reason: f.description.clone(),
                        source: f.source.clone(),
                    }
                }
            };
            lines.push(line);
        }
        let mut excluded = Vec::with_capacity(s.excluded.len());
        for x in &s.excluded {
            let (kind, id, heading, cond): (
                ExcludedKind,
                Arc<str>,
                Option<Arc<str>>,
                Option<&CConditions>,
            ) = match x.src {
                Src::Base => (
                    ExcludedKind::Base,
                    self.mfn.clone(),
                    base_heading.clone(),
                    None,
                ),
                Src::Measure(i) => {
                    let m = &self.measures[i as usize];
                    (
                        ExcludedKind::Measure,
                        m.id.clone(),
                        m.heading.clone(),
                        Some(&m.cond),
                    )
                }
                Src::Exemption(i) => {
                    let m = &self.exemptions[i as usize];
                    (
                        ExcludedKind::Exemption,
                        m.id.clone(),
                        m.heading.clone(),
                        Some(&m.cond),
                    )
                }
                Src::Fee(i) => {
                    let m = &self.fees[i as usize];
                    (
                        ExcludedKind::Fee,
                        m.id.clone(),
                        m.heading.clone(),
                        Some(&m.cond),
                    )
                }
            };
            let reason = match x.why {
                Why::Cond(k) => match cond {
                    Some(c) => c.explain(k, e, value).reason(self.currency),
                    None => String::new(),
                },
                Why::Removed(xi) => {
                    let by = &self.exemptions[xi as usize];
                    format!("exempt: {} ({})", by.description, by.id)
                }
                Why::Displaced(b) => {
                    let bm = &self.measures[b as usize];
                    format!(
                        "displaced by {} ({}{}) under the stacking rules",
                        bm.id,
                        bm.authority,
                        bm.heading
                            .as_deref()
                            .map(|h| format!(" {h}"))
                            .unwrap_or_default()
                    )
                }
                Why::Suspended(xi, si) => {
                    let sp = &self.exemptions[xi as usize].suspensions[si as usize];
                    format!(
                        "suspended for goods of {} from {}{} ({})",
                        e.origin,
                        sp.from,
                        if sp.until < Date::MAX {
                            format!(" until {}", sp.until)
                        } else {
                            String::new()
                        },
                        sp.source
                    )
                }
            };
            excluded.push(Excluded {
                kind,
                id,
                authority: self.authority_of(x.src).clone(),
                heading,
                reason,
            });
        }
        let mut notes = Vec::new();
        if self.base.is_none() {
            notes.push(format!(
                "additional duties only: this schedule has no ordinary ({}) rates for {}",
                MFN, self.country
            ));
        }
        Ok(Quote {
            importer: e.importer,
            origin: e.origin,
            code: e.code,
            entry_date: e.entry_date,
            mode: e.mode,
            currency: self.currency,
            customs_value: value,
            lines,
            excluded,
            duty: sum.duty,
            fees: sum.fees,
            total: sum.total,
            effective_rate: sum.effective_rate,
            notes,
            warnings: Vec::new(),
        })
    }
}

/// The error for an entry whose code is no tariff line.
fn short_code(code: HtsCode) -> Error {
    Error::invalid(
        "hts",
        code.to_string(),
        "an 8- or 10-digit tariff line (a chapter, heading or subheading covers many lines)",
    )
}

fn checked_sum(mut it: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    it.try_fold(Decimal::ZERO, |acc, x| acc.checked_add(x))
}

fn exemption_rate_text(x: &CExemption, cur: Currency) -> String {
    match x.cond.value_at_most {
        Some(t) => format!("value ≤ {t} {cur}"),
        None => "exempt".to_string(),
    }
}

fn fee_rate_text(f: &CFee, cur: Currency) -> String {
    let mut s = String::new();
    if let Some(p) = f.percent {
        s.push_str(&format!("{}%", p.normalize()));
        match (f.minimum, f.maximum) {
            (Some(lo), Some(hi)) => s.push_str(&format!(" (min {lo}, max {hi} {cur})")),
            (Some(lo), None) => s.push_str(&format!(" (min {lo} {cur})")),
            (None, Some(hi)) => s.push_str(&format!(" (max {hi} {cur})")),
            _ => {}
        }
    }
    if let Some(flat) = f.flat {
        if !s.is_empty() {
            s.push_str(" + ");
        }
        s.push_str(&format!("{flat} {cur} flat"));
    }
    s
}

/// Quantities of an entry with component values converted to the importer's currency.
struct QuantitiesIn<'a> {
    entry: &'a Entry,
    rate: Decimal,
}

impl crate::rate::QuantitySource for QuantitiesIn<'_> {
    fn quantity(&self, unit: crate::rate::Unit, basis: Option<&str>) -> Option<Decimal> {
        let q = self.entry.quantities.quantity(unit, basis)?;
        if unit == crate::rate::Unit::Value {
            q.checked_mul(self.rate)
        } else {
            Some(q)
        }
    }

    fn overflowed(
        &self,
        unit: crate::rate::Unit,
        basis: Option<&str>,
    ) -> Option<(String, Decimal)> {
        let q = self.entry.quantities.quantity(unit, basis);
        match q {
            Some(q) if unit == crate::rate::Unit::Value && q.checked_mul(self.rate).is_none() => {
                Some((crate::rate::quantity_field(unit, basis), q))
            }
            Some(_) => None,
            None => self.entry.quantities.overflowed(unit, basis),
        }
    }
}

// ---------------------------------------------------------------- batch

/// What an entry's quote structure depends on besides its code (see the
/// phases above): importer, origin, the period between two consecutive
/// rule dates, mode, the band between two value thresholds, the band
/// between two loading-date thresholds, and the claims any rule names.
#[derive(Clone, Copy, PartialEq, Eq)]
struct PlanKey {
    code: u64,
    packed: u64,
    claims: u128,
}

impl std::hash::Hash for PlanKey {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        h.write_u64(self.code);
        h.write_u64(self.packed);
        h.write_u64(self.claims as u64);
        h.write_u64((self.claims >> 64) as u64);
    }
}

/// Entry fields a plan key is made of.
pub(crate) struct KeyParts<'c> {
    pub(crate) code: HtsCode,
    pub(crate) origin: Country,
    pub(crate) date: Date,
    pub(crate) mode: Mode,
    pub(crate) value: Decimal,
    pub(crate) loaded_on: Option<Date>,
    pub(crate) claims: &'c [String],
}

impl CImporter {
    /// The plan key of an entry, `None` when this importer's rules are too
    /// many for the key's fields (the entry is then evaluated directly).
    fn plan_key(&self, imp: usize, k: &KeyParts) -> Option<PlanKey> {
        let period = self.breaks.partition_point(|b| *b <= k.date);
        let vband = match (whole_cents(k.value), &self.value_break_cents) {
            (Some(v), Some(t)) => t.partition_point(|t| v > *t),
            _ => self.value_breaks.partition_point(|t| k.value > *t),
        };
        let lband = match k.loaded_on {
            None => 0,
            Some(l) => 1 + self.loaded_breaks.partition_point(|b| *b <= l),
        };
        if period >= 1 << 16
            || vband >= 1 << 8
            || lband >= 1 << 8
            || imp >= 1 << 8
            || self.claim_names.len() > 128
        {
            return None;
        }
        let mut claims = 0u128;
        for c in k.claims {
            if let Some(i) = self
                .claim_names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(c.trim()))
            {
                claims |= 1 << i;
            }
        }
        let packed = (k.origin.index() as u64)
            | (period as u64) << 10
            | (k.mode as u64) << 26
            | (vband as u64) << 29
            | (lband as u64) << 37
            | (imp as u64) << 45;
        Some(PlanKey {
            code: k.code.key(),
            packed,
            claims,
        })
    }
}

/// Rows after which a worker checks that its plan cache pays.
const PLAN_PROBE: u64 = 8192;
/// Cached plans and code lookups a worker keeps before starting afresh.
const CACHE_LIMIT: usize = 1 << 18;

/// Batch evaluation state of one thread: buffers, the code lookups it has
/// made and the quote structures (plans) it has built, by [`PlanKey`].
///
/// A row whose key was seen before only runs the amounts phase. When rows
/// rarely repeat a key (a rate panel: every row is a new code x origin), the
/// worker stops caching plans after [`PLAN_PROBE`] rows and evaluates both
/// phases per row, still reusing its code lookups.
pub(crate) struct Worker<'a> {
    engine: &'a Engine,
    s: Scratch<'a>,
    codes: Vec<KeyMap<CodeInfo<'a>>>,
    /// Per plan: the range of its steps in `plan_steps`; a length of
    /// `u32::MAX` marks a key whose structure fails (the row is then
    /// evaluated on its own, so that its error names its own fields).
    plans: HashMap<PlanKey, (u32, u32), KeyBuild>,
    /// The distinct step lists of the plans (many keys share one: the same
    /// code in periods where nothing that concerns it changed), so that the
    /// steps rows read stay few and in cache.
    plan_steps: Vec<Step<'a>>,
    distinct: HashMap<u64, Vec<(u32, u32)>, KeyBuild>,
    lookups: u64,
    hits: u64,
    use_plans: bool,
}

impl<'a> Worker<'a> {
    /// Evaluates one entry; adds each line's amount to `by_authority[index]`
    /// (a slice as long as [`Engine::authorities`]).
    pub(crate) fn entry(&mut self, e: &Entry, by_authority: &mut [Decimal]) -> Result<Summary> {
        let engine = self.engine;
        let ii = engine.importer_index(e)?;
        let imp = &engine.importers[ii];
        if e.currency.is_some_and(|c| c != imp.currency) {
            let value = imp.customs_value(e)?;
            let q = QuantitiesIn {
                entry: e,
                rate: imp.quantity_rate(e),
            };
            return self.direct(ii, e, value, &q, by_authority);
        }
        let parts = KeyParts {
            code: e.code,
            origin: e.origin,
            date: e.entry_date,
            mode: e.mode,
            value: e.value,
            loaded_on: e.loaded_on,
            claims: &e.claims,
        };
        let q = QuantitiesIn {
            entry: e,
            rate: Decimal::ONE,
        };
        self.run(
            ii,
            &parts,
            &q,
            || std::borrow::Cow::Borrowed(e),
            by_authority,
        )
    }

    /// Evaluates a row given by its key fields, its quantities, and a way to
    /// make the full entry (called only when the structure must be built).
    pub(crate) fn run<'e>(
        &mut self,
        ii: usize,
        parts: &KeyParts,
        q: &dyn QuantitySource,
        entry: impl FnOnce() -> std::borrow::Cow<'e, Entry>,
        by_authority: &mut [Decimal],
    ) -> Result<Summary> {
        let imp: &'a CImporter = &self.engine.importers[ii];
        let value = parts.value;
        let key = if self.use_plans {
            imp.plan_key(ii, parts)
        } else {
            None
        };
        let Some(key) = key else {
            return self.direct(ii, &entry(), value, q, by_authority);
        };
        self.lookups += 1;
        if self.lookups == PLAN_PROBE && self.hits * 4 < self.lookups {
            self.use_plans = false;
            self.plans = HashMap::default();
            self.distinct = HashMap::default();
        }
        let (start, len) = match self.plans.get(&key) {
            Some(&(_, u32::MAX)) => {
                self.hits += 1;
                return self.direct(ii, &entry(), value, q, by_authority);
            }
            Some(&p) => {
                self.hits += 1;
                p
            }
            None => {
                if self.plans.len() >= CACHE_LIMIT {
                    self.plans.clear();
                    self.plan_steps.clear();
                    self.distinct.clear();
                }
                let e = entry();
                let info = Self::info(&mut self.codes[ii], imp, e.code);
                match imp.structure(&e, value, info, &mut self.s, false) {
                    Ok(_) => {
                        let p = self.intern_steps();
                        self.plans.insert(key, p);
                        p
                    }
                    Err(err) => {
                        self.plans.insert(key, (0, u32::MAX));
                        return Err(err);
                    }
                }
            }
        };
        let steps = &self.plan_steps[start as usize..(start + len) as usize];
        let sum = imp.amounts(steps, value, q, &mut self.s.lines)?;
        add_lines(steps, &self.s.lines, by_authority);
        Ok(sum)
    }

    /// Both phases for one row, without the plan cache.
    fn direct(
        &mut self,
        ii: usize,
        e: &Entry,
        value: Decimal,
        q: &dyn QuantitySource,
        by_authority: &mut [Decimal],
    ) -> Result<Summary> {
        let imp: &'a CImporter = &self.engine.importers[ii];
        let info = Self::info(&mut self.codes[ii], imp, e.code);
        imp.structure(e, value, info, &mut self.s, false)?;
        let sum = imp.amounts(&self.s.steps, value, q, &mut self.s.lines)?;
        add_lines(&self.s.steps, &self.s.lines, by_authority);
        Ok(sum)
    }

    /// The range of `plan_steps` holding the steps just built in `s.steps`,
    /// shared with an earlier plan when it has the same steps.
    fn intern_steps(&mut self) -> (u32, u32) {
        let new = &self.s.steps;
        let mut h = KeyHasher::default();
        for st in new {
            let (a, b) = st.identity();
            std::hash::Hasher::write_u64(&mut h, a);
            std::hash::Hasher::write_u64(&mut h, b);
        }
        let hash = std::hash::Hasher::finish(&h);
        let same = self.distinct.get(&hash).and_then(|v| {
            v.iter().copied().find(|&(start, len)| {
                let old = &self.plan_steps[start as usize..(start + len) as usize];
                old.len() == new.len()
                    && old
                        .iter()
                        .zip(new)
                        .all(|(x, y)| x.identity() == y.identity())
            })
        });
        if let Some(r) = same {
            return r;
        }
        let r = (self.plan_steps.len() as u32, new.len() as u32);
        self.plan_steps.extend_from_slice(new);
        self.distinct.entry(hash).or_default().push(r);
        r
    }

    fn info<'m>(
        codes: &'m mut KeyMap<CodeInfo<'a>>,
        imp: &'a CImporter,
        code: HtsCode,
    ) -> &'m CodeInfo<'a> {
        if codes.len() >= CACHE_LIMIT {
            codes.clear();
        }
        codes
            .entry(code.key())
            .or_insert_with(|| imp.code_info(code))
    }
}

fn add_lines(steps: &[Step], lines: &[RawLine], by_authority: &mut [Decimal]) {
    for (st, l) in steps.iter().zip(lines) {
        if let Some(slot) = by_authority.get_mut(usize::from(st.aidx)) {
            if slot.is_zero() {
                *slot = l.amount;
            } else {
                *slot += l.amount;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dec(m: i64, s: u32) -> Decimal {
        Decimal::new(m, s)
    }

    proptest! {
        /// The integer path equals the decimal formula it replaces.
        #[test]
        fn percent_cents_is_the_decimal_formula(vm in 0i64..1_000_000_000_000, vs in 0u32..6,
                                                pm in 0i64..100_000_000, ps in 0u32..6) {
            let (v, p) = (dec(vm, vs), dec(pm, ps));
            let want = round_money(v * p / Decimal::ONE_HUNDRED);
            if let Some(c) = percent_cents(v, p) {
                prop_assert_eq!(Decimal::from_i128_with_scale(c, 2), want);
            }
        }

        /// Over the whole range the limits allow (values to 10^15 and
        /// percentages to 10^5, each with 9 decimals), the integer path
        /// answers, and equals the decimal formula wherever that one is
        /// exact (its product kept every decimal).
        #[test]
        fn percent_cents_covers_the_limits(vm in 0u64..=1_000_000_000_000_000, vd in 0u64..1_000_000_000,
                                           vs in 0u32..=9, pm in 0u64..=100_000, pd in 0u64..1_000_000_000,
                                           ps in 0u32..=9) {
            let v = Decimal::from_i128_with_scale(i128::from(vm) * 10i128.pow(vs) + i128::from(vd % 10u64.pow(vs)), vs);
            let p = Decimal::from_i128_with_scale(i128::from(pm) * 10i128.pow(ps) + i128::from(pd % 10u64.pow(ps)), ps);
            let v = v.min(crate::limits::MAX_VALUE);
            let p = p.min(crate::limits::MAX_RATE_NUMBER);
            let c = percent_cents(v, p);
            prop_assert!(c.is_some(), "{} x {}%", v, p);
            let exact = v * p;
            if exact.scale() == v.scale() + p.scale() {
                let want = round_money(exact / Decimal::ONE_HUNDRED);
                prop_assert_eq!(cents(c.unwrap()), Some(want));
            }
        }

        #[test]
        fn rate6_is_the_decimal_formula(dm in -1_000_000_000i64..1_000_000_000_000, vm in 1i64..1_000_000_000_000,
                                        vs in 0u32..8) {
            let (d, v) = (dec(dm, 2), dec(vm, vs));
            let want = (d / v).round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero);
            let got = rate6(d, v).unwrap();
            prop_assert_eq!(got, want);
            prop_assert_eq!(got.scale(), 6);
        }

        #[test]
        fn div100_is_division(m in any::<i64>(), s in 0u32..29) {
            let d = dec(m, s);
            prop_assert_eq!(div100(d), d / Decimal::ONE_HUNDRED);
        }
    }

    fn fee(
        percent: Decimal,
        min: Option<Decimal>,
        max: Option<Decimal>,
        flat: Option<Decimal>,
    ) -> CFee {
        let opt = |d: Option<Decimal>, none: i64| d.map_or(Some(none), whole_cents);
        CFee {
            cents: match (opt(min, i64::MIN), opt(max, i64::MAX), opt(flat, 0)) {
                (Some(lo), Some(hi), Some(f)) => Some((lo, hi, f)),
                _ => None,
            },
            id: Arc::from("f"),
            authority: Arc::from("mpf"),
            heading: None,
            description: String::new(),
            percent: Some(percent),
            flat,
            minimum: min,
            maximum: max,
            from: Date::MIN,
            until: Date::MAX,
            cond: CConditions::default(),
            source: Arc::from("test"),
        }
    }

    proptest! {
        /// The whole-cent fee equals the decimal formula: percent of the
        /// value, clamped, plus the flat amount, then rounded.
        #[test]
        fn fee_cents_is_the_decimal_formula(vm in 0i64..100_000_000_000, vs in 0u32..4,
                                            lo in 0i64..10_000, span in 0i64..100_000,
                                            flat in 0i64..1_000, pm in 0i64..10_000) {
            let (value, p) = (dec(vm, vs), dec(pm, 4));
            let (min, max, fl) = (dec(lo, 2), dec(lo + span, 2), dec(flat, 2));
            let f = fee(p, Some(min), Some(max), Some(fl));
            let want = round_money((value * p / Decimal::ONE_HUNDRED).max(min).min(max) + fl);
            prop_assert_eq!(fee_cents(&f, value).and_then(cents), Some(want));
        }
    }

    #[test]
    fn a_fee_without_bounds_past_64_bits_takes_the_decimal_path() {
        // 10^15 x 10^5 % = 10^18 dollars = 10^20 cents: beyond i64, and no
        // maximum must be made up for it.
        let f = fee(dec(100_000, 0), None, None, None);
        assert_eq!(fee_cents(&f, crate::limits::MAX_VALUE), None);
        let f = fee(dec(1, 0), None, None, None);
        assert_eq!(fee_cents(&f, dec(12345, 0)), Some(12345));
    }

    #[test]
    fn money_keeps_its_cents_or_fails() {
        // 2^96 - 1 = 79228162514264337593543950335: the largest amount with
        // two decimals is 792281625142643375935439503.35.
        let top = Decimal::from_i128_with_scale(79_228_162_514_264_337_593_543_950_335, 2);
        assert_eq!(
            money(top).unwrap().to_string(),
            "792281625142643375935439503.35"
        );
        assert_eq!(
            money(Decimal::from(
                792_281_625_142_643_375_935_439_503u128 as i128
            ))
            .unwrap()
            .to_string(),
            "792281625142643375935439503.00"
        );
        // One dollar more cannot carry cents: before, round_money gave it at scale 1.
        let past = Decimal::from(792_281_625_142_643_375_935_439_504u128 as i128);
        assert_eq!(money(past), None);
        assert_ne!(round_money(past).scale(), 2);
        assert_eq!(money(Decimal::new(1005, 3)).unwrap().to_string(), "1.01");
        assert_eq!(cents(79_228_162_514_264_337_593_543_950_335), Some(top));
        assert_eq!(cents(79_228_162_514_264_337_593_543_950_336), None);
    }

    #[test]
    fn rate6_is_at_scale_6_or_an_overflow() {
        // 10^23 / 1 = 10^23: at scale 6 it would need 10^29 > 2^96.
        let e = rate6(Decimal::from(10i128.pow(23)), Decimal::ONE).unwrap_err();
        assert_eq!((e.kind().as_str(), e.field()), ("overflow", Some("value")));
        assert_eq!(
            rate6(Decimal::from(10i128.pow(22)), Decimal::ONE)
                .unwrap()
                .scale(),
            6
        );
    }

    #[test]
    fn fee_with_sub_cent_bounds_takes_the_decimal_path() {
        // A minimum of 0.005 is not a whole cent: no integer shortcut.
        let f = fee(dec(1, 0), Some(dec(5, 3)), None, None);
        assert_eq!(fee_cents(&f, dec(1, 2)), None);
        // MPF from 2025-10-01 (CBP Dec. 25-10, 90 FR 34665): 0.3464%, min 33.58, max 651.50.
        let mpf = fee(dec(3464, 4), Some(dec(3358, 2)), Some(dec(65150, 2)), None);
        assert_eq!(fee_cents(&mpf, dec(54, 0)), Some(3358)); // 0.19 -> minimum
        assert_eq!(fee_cents(&mpf, dec(20000, 0)), Some(6928)); // 69.28
        assert_eq!(fee_cents(&mpf, dec(1_000_000, 0)), Some(65150)); // 3,464 -> maximum
    }

    #[test]
    fn hand_checked_roundings() {
        // 7.5% of 54.00 = 4.05; 0.3464% of 10,000 = 34.64; 2.5% of 0.10 = 0.0025 -> 0.00;
        // 5% of 0.10 = 0.005 -> 0.01 (half away from zero).
        assert_eq!(percent_cents(dec(5400, 2), dec(75, 1)), Some(405));
        assert_eq!(percent_cents(dec(10_000, 0), dec(3464, 4)), Some(3464));
        assert_eq!(percent_cents(dec(10, 2), dec(25, 1)), Some(0));
        assert_eq!(percent_cents(dec(10, 2), dec(5, 0)), Some(1));
        // 91.26 / 54 = 1.69 exactly; 1 / 3 = 0.333333; 2 / 3 = 0.666667.
        assert_eq!(
            rate6(dec(9126, 2), dec(54, 0)).unwrap().to_string(),
            "1.690000"
        );
        assert_eq!(
            rate6(dec(100, 2), dec(3, 0)).unwrap().to_string(),
            "0.333333"
        );
        assert_eq!(
            rate6(dec(200, 2), dec(3, 0)).unwrap().to_string(),
            "0.666667"
        );
        assert_eq!(rate6(dec(0, 2), dec(0, 0)).unwrap().to_string(), "0.000000");
    }
}
