//! The compiled schedule: plain data built once by `compile` and read by
//! every quote. Nothing here depends on the compiler or on an entry.

use super::hash::{KeyMap, KeySet};
use crate::code::HtsCode;
use crate::country::{Country, CountrySet, Currency};
use crate::date::Date;
use crate::entry::Mode;
use crate::rate::Rate;
use rust_decimal::Decimal;
use std::sync::Arc;

#[derive(Clone)]
pub(super) struct Cell {
    pub(super) text: Arc<str>,
    pub(super) rate: std::result::Result<Arc<Rate>, Arc<str>>,
}

/// The column 1 special rates of a line, shared between the lines that
/// print the same special text.
pub(super) enum Special {
    /// The groups of the text: each rate with the program codes it lists
    /// (none when the line prints no special rate).
    Groups(Vec<(Cell, Vec<String>)>),
    /// A text that does not parse: its cell, whose rate is the reason. A
    /// program the entry claims meets it, and the quote then fails as on an
    /// unparseable general rate (only when the special rate is used).
    Unparsed(Cell),
}

/// A line's [`Special`] column, shared.
pub(super) type SpecialGroups = Arc<Special>;

pub(super) struct BaseLine {
    pub(super) from: Date,
    pub(super) until: Date,
    pub(super) general: Option<Cell>,
    pub(super) special: SpecialGroups,
    pub(super) other: Option<Cell>,
    pub(super) revision: Arc<str>,
    pub(super) code: HtsCode,
}

impl BaseLine {
    /// The group of the special column that lists one of `codes` (a
    /// program's codes); an unparseable special text is one group.
    #[inline]
    pub(super) fn special_group(&self, codes: &[String]) -> Option<u32> {
        match &*self.special {
            Special::Groups(g) => g
                .iter()
                .position(|(_, progs)| progs.iter().any(|x| codes.iter().any(|y| y == x)))
                .map(|gi| gi as u32),
            Special::Unparsed(_) => Some(0),
        }
    }

    /// The cell of special group `group`.
    #[inline]
    pub(super) fn special_cell(&self, group: u32) -> Option<&Cell> {
        match &*self.special {
            Special::Groups(g) => g.get(group as usize).map(|(c, _)| c),
            Special::Unparsed(c) => Some(c),
        }
    }

    /// The program codes special group `group` lists.
    pub(super) fn special_codes(&self, group: u32) -> &[String] {
        match &*self.special {
            Special::Groups(g) => g.get(group as usize).map_or(&[], |(_, c)| c),
            Special::Unparsed(_) => &[],
        }
    }
}

pub(super) struct Program {
    pub(super) claim: String,
    pub(super) codes: Vec<String>,
    pub(super) origins: CountrySet,
}

pub(super) struct Base {
    pub(super) source: Arc<str>,
    pub(super) lines: KeyMap<Vec<BaseLine>>,
    pub(super) column2: CountrySet,
    pub(super) programs: Vec<Program>,
}

#[derive(Default)]
pub(super) struct Products {
    pub(super) all: bool,
    pub(super) include: KeySet,
    pub(super) include_codes: Vec<HtsCode>,
    pub(super) exclude: KeySet,
}

#[inline]
pub(super) fn prefix_keys(code: HtsCode) -> impl Iterator<Item = u64> {
    (2..=code.len()).map(move |n| code.truncate(n).key())
}

impl Products {
    #[inline]
    pub(super) fn matches(&self, code: HtsCode) -> bool {
        (self.all || prefix_keys(code).any(|k| self.include.contains(&k)))
            && !prefix_keys(code).any(|k| self.exclude.contains(&k))
    }
    #[inline]
    pub(super) fn blocks(&self, code: HtsCode) -> bool {
        prefix_keys(code).any(|k| self.exclude.contains(&k))
    }
}

#[derive(Default)]
pub(super) struct Conditions {
    pub(super) modes: Option<Vec<Mode>>,
    pub(super) value_over: Option<Decimal>,
    pub(super) value_at_most: Option<Decimal>,
    pub(super) claims: Vec<String>,
    pub(super) not_claims: Vec<String>,
    pub(super) loaded_before: Option<Date>,
}

pub(super) struct Measure {
    pub(super) id: Arc<str>,
    pub(super) authority: Arc<str>,
    pub(super) heading: Option<Arc<str>>,
    pub(super) description: String,
    pub(super) rate: Option<Rate>,
    /// The rate as a quote line shows it (`+25%`, `15% all-in`).
    pub(super) rate_text: String,
    /// The rate text of the schedule (`None` for a floor).
    pub(super) legal_text: Option<Arc<str>>,
    pub(super) floor: Option<(Decimal, Vec<String>)>,
    pub(super) origins: CountrySet,
    pub(super) products: Arc<Products>,
    pub(super) from: Date,
    pub(super) until: Date,
    pub(super) cond: Conditions,
    pub(super) cumulative: bool,
    pub(super) source: Arc<str>,
    pub(super) rank: u32,
    pub(super) blockers: Vec<u32>,
    /// For a measure on every product: its index in `Importer::uscopes`.
    pub(super) uscope: u16,
}

pub(super) struct Suspension {
    pub(super) origins: CountrySet,
    pub(super) from: Date,
    pub(super) until: Date,
    pub(super) modes: Option<Vec<Mode>>,
    pub(super) source: Arc<str>,
}

pub(super) struct Exemption {
    pub(super) id: Arc<str>,
    pub(super) authority: Arc<str>,
    pub(super) heading: Option<Arc<str>>,
    pub(super) description: String,
    pub(super) origins: CountrySet,
    pub(super) products: Arc<Products>,
    pub(super) from: Date,
    pub(super) until: Date,
    pub(super) cond: Conditions,
    /// What `removes` names, resolved at load: the base line, measures and fees.
    pub(super) removes_base: bool,
    pub(super) removes_measures: IdxSet,
    pub(super) removes_fees: IdxSet,
    pub(super) suspensions: Vec<Suspension>,
    pub(super) source: Arc<str>,
}

/// A set of item indexes (what an exemption removes): every index, a
/// bitset up to the largest member when the set is dense, or a sorted list
/// when it is sparse, so that its memory follows its members, not the
/// number of items.
#[derive(Clone)]
pub(super) enum IdxSet {
    All,
    Bits(Vec<u64>),
    Sorted(Box<[u32]>),
}

impl IdxSet {
    /// The set of `members` (any order, repeats allowed).
    pub(super) fn of(mut members: Vec<u32>) -> IdxSet {
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
    #[inline]
    pub(super) fn has(&self, i: u32) -> bool {
        match self {
            IdxSet::All => true,
            IdxSet::Bits(v) => v
                .get(i as usize / 64)
                .is_some_and(|w| w & (1 << (i % 64)) != 0),
            IdxSet::Sorted(v) => v.binary_search(&i).is_ok(),
        }
    }
}

pub(super) struct Fee {
    /// Minimum, maximum and flat amount in whole cents (absent ones as
    /// `i64::MIN`, `i64::MAX`, 0), when each has at most two decimals: then
    /// the percent part can be rounded first and clamped after, exactly.
    pub(super) cents: Option<(i64, i64, i64)>,
    pub(super) id: Arc<str>,
    pub(super) authority: Arc<str>,
    pub(super) heading: Option<Arc<str>>,
    pub(super) description: String,
    pub(super) percent: Option<Decimal>,
    pub(super) flat: Option<Decimal>,
    pub(super) minimum: Option<Decimal>,
    pub(super) maximum: Option<Decimal>,
    pub(super) from: Date,
    pub(super) until: Date,
    pub(super) cond: Conditions,
    pub(super) source: Arc<str>,
}

/// An import ban (see [`crate::schedule::ProhibitionData`]).
pub(super) struct Prohibition {
    pub(super) id: Arc<str>,
    pub(super) description: String,
    pub(super) origins: CountrySet,
    pub(super) products: Arc<Products>,
    pub(super) from: Date,
    pub(super) until: Date,
    pub(super) cond: Conditions,
    pub(super) source: Arc<str>,
}

pub(super) struct Importer {
    pub(super) aidx_mfn: u16,
    pub(super) aidx_measure: Vec<u16>,
    pub(super) aidx_fee: Vec<u16>,
    pub(super) mfn: Arc<str>,
    pub(super) country: Country,
    pub(super) currency: Currency,
    pub(super) base: Option<Arc<Base>>,
    pub(super) measures: Vec<Measure>,
    pub(super) index: KeyMap<Vec<u32>>,
    /// Measures covering every product, per origin (by `Country::index`), in
    /// stacking order.
    pub(super) universal: Vec<Vec<u32>>,
    /// The distinct product scopes of the measures on every product (most
    /// share a few, e.g. "every product but Annex II"): tested once per code.
    pub(super) uscopes: Vec<Arc<Products>>,
    pub(super) exemptions: Vec<Exemption>,
    /// Exemptions by included code prefix, and those on every product.
    pub(super) x_index: KeyMap<Vec<u32>>,
    pub(super) x_universal: Vec<u32>,
    pub(super) fees: Vec<Fee>,
    pub(super) prohibitions: Vec<Prohibition>,
    /// What an evaluation plan depends on (see [`PlanKey`]): every date a
    /// rule starts or ends on, every value threshold, every loading-date
    /// threshold, and every claim a rule names.
    pub(super) breaks: Vec<Date>,
    pub(super) value_breaks: Vec<Decimal>,
    /// `value_breaks` in whole cents, when they all are.
    pub(super) value_break_cents: Option<Vec<i64>>,
    pub(super) loaded_breaks: Vec<Date>,
    pub(super) claim_names: Vec<String>,
}
