//! The compile context: groups, product lists, the shared product scopes,
//! and the field checks every item uses (counts, texts, origins, scopes,
//! conditions, validity).

use super::super::model::{self, Products};
use crate::code::HtsCode;
use crate::country::{Country, CountrySet};
use crate::data::{Conditions, OriginScope, ProductScope, ScheduleData};
use crate::date::Date;
use crate::entry::Mode;
use crate::error::{Error, Result};
use crate::limits;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

pub(super) struct Ctx<'a> {
    pub(super) file: &'a str,
    /// The members of each group, as a set.
    pub(super) groups: HashMap<&'a str, CountrySet>,
    /// Every country (`*`).
    pub(super) every: CountrySet,
    pub(super) lists: &'a BTreeMap<String, Vec<HtsCode>>,
    pub(super) scopes: std::cell::RefCell<ScopeCache>,
    /// Codes of the distinct product scopes compiled so far (see
    /// [`limits::MAX_SCOPE_CODES`]).
    pub(super) scope_codes: std::cell::Cell<usize>,
    /// Codes included by the items' scopes so far, each item counting its
    /// own (see [`limits::MAX_ITEM_SCOPE_CODES`]).
    pub(super) item_codes: std::cell::Cell<usize>,
}

pub(super) type ScopeCache = HashMap<(Vec<String>, Vec<String>), Arc<Products>>;

impl<'a> Ctx<'a> {
    /// The context of `data`, after checking its groups (names, members,
    /// sizes) and product lists (sizes).
    pub(super) fn new(data: &'a ScheduleData, file: &'a str) -> Result<Ctx<'a>> {
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

    pub(super) fn err(&self, item: &str, field: &str, msg: impl Into<String>) -> Error {
        Error::schedule(self.file, Some(item), field, msg)
    }

    /// A size limit passed inside `item`.
    pub(super) fn too_large(
        &self,
        item: &str,
        field: &str,
        n: usize,
        limit: usize,
        unit: &str,
    ) -> Error {
        limits::schedule_too_large(self.file, &format!("{item}: {field}"), n, limit, unit)
    }

    /// `Ok` when `n` is at most `limit`.
    pub(super) fn count(
        &self,
        item: &str,
        field: &str,
        n: usize,
        limit: usize,
        unit: &str,
    ) -> Result<()> {
        if n > limit {
            return Err(self.too_large(item, field, n, limit, unit));
        }
        Ok(())
    }

    /// `Ok` when `text` has at most `limit` characters.
    pub(super) fn text(&self, item: &str, field: &str, text: &str, limit: usize) -> Result<()> {
        if text.len() <= limit {
            return Ok(());
        }
        limits::check_text(self.file, &format!("{item}: {field}"), text, limit)
    }

    pub(super) fn countries(
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

    pub(super) fn origins(&self, item: &str, field: &str, s: &OriginScope) -> Result<CountrySet> {
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

    pub(super) fn codes(
        &self,
        item: &str,
        field: &str,
        entries: &[String],
    ) -> Result<Vec<HtsCode>> {
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
    pub(super) fn products(&self, item: &str, s: &ProductScope) -> Result<Arc<Products>> {
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

    pub(super) fn compile_products(&self, item: &str, s: &ProductScope) -> Result<Products> {
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

    pub(super) fn conditions(&self, item: &str, c: &Conditions) -> Result<model::Conditions> {
        self.non_negative(item, "conditions.value_over", c.value_over)?;
        self.non_negative(item, "conditions.value_at_most", c.value_at_most)?;
        if let (Some(lo), Some(hi)) = (c.value_over, c.value_at_most) {
            if hi <= lo {
                return Err(self.err(
                    item,
                    "conditions.value_at_most",
                    format!("{hi} is not above value_over {lo}: no value exceeds {lo} and is at most {hi}, so the condition can never be met"),
                ));
            }
        }
        self.modes(
            item,
            "conditions.modes",
            &c.modes,
            "is empty: omit it for every mode",
        )?;
        let claims = self.claims(item, "conditions.claims", &c.claims)?;
        let not_claims = self.claims(item, "conditions.not_claims", &c.not_claims)?;
        if let Some(both) = claims.iter().find(|x| not_claims.contains(x)) {
            return Err(self.err(
                item,
                "conditions.not_claims",
                format!("names {both}, which conditions.claims requires: no entry can both make and not make a claim, so the condition can never be met"),
            ));
        }
        Ok(model::Conditions {
            modes: c.modes.clone(),
            value_over: c.value_over,
            value_at_most: c.value_at_most,
            claims,
            not_claims,
            loaded_before: c.loaded_before,
        })
    }

    /// `Ok` when `v` is absent, zero or positive.
    pub(super) fn non_negative(&self, item: &str, field: &str, v: Option<Decimal>) -> Result<()> {
        match v {
            Some(v) if v.is_sign_negative() && !v.is_zero() => {
                Err(self.err(item, field, format!("{v} is negative")))
            }
            _ => Ok(()),
        }
    }

    /// `Ok` when a list of modes is absent, or within its limit and not
    /// empty (`empty` says why an empty one is refused).
    pub(super) fn modes(
        &self,
        item: &str,
        field: &str,
        modes: &Option<Vec<Mode>>,
        empty: &str,
    ) -> Result<()> {
        let Some(m) = modes else {
            return Ok(());
        };
        self.count(
            item,
            field,
            m.len(),
            limits::MAX_CONDITION_ENTRIES,
            "entries",
        )?;
        if m.is_empty() {
            return Err(self.err(item, field, empty));
        }
        Ok(())
    }

    /// The claim names of a condition, each a name an entry could make.
    fn claims(&self, item: &str, field: &str, names: &[String]) -> Result<Vec<String>> {
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
    }

    pub(super) fn validity(&self, item: &str, from: Date, until: Option<Date>) -> Result<Date> {
        let until = until.unwrap_or(Date::MAX);
        if until <= from {
            return Err(self.err(item, "until", format!("{until} is not after from {from}")));
        }
        Ok(until)
    }
}
