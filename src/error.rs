//! The one error type of the crate.
//!
//! Every variant carries the field (or unit, or place) that was wrong and the
//! offending value, and its `Display` says what was wrong and how to fix it
//! in one sentence.

use std::fmt;

/// Everything that can go wrong in `tariffs`.
///
/// ```
/// use tariffs::HtsCode;
/// let err = "61x9".parse::<HtsCode>().unwrap_err();
/// assert_eq!(err.field(), Some("hts"));
/// assert!(err.to_string().contains("61x9"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An input value was malformed (a code, a country, a date, a decimal, a mode...).
    InvalidInput {
        /// The field that held the value, e.g. `hts`, `origin`, `date`.
        field: String,
        /// The value as given.
        value: String,
        /// What a valid value looks like.
        expected: String,
    },
    /// A rate text could not be parsed.
    InvalidRate {
        /// The rate text as given.
        text: String,
        /// Why it was rejected.
        reason: String,
    },
    /// A rate needs a quantity that the entry does not carry.
    MissingQuantity {
        /// The quantity the rate is expressed in, as a quantity key: `kg`, `doz`,
        /// `kg[copper content]`.
        unit: String,
        /// The rate text that needs it.
        rate: String,
    },
    /// The schedule has no base rate line for the tariff code on the entry date.
    UnknownCode {
        /// The importing country.
        importer: String,
        /// The code as given.
        code: String,
        /// The entry date.
        date: String,
    },
    /// The schedule's base line for the code prints no rate in the column
    /// the entry needs (e.g. no column 1 general rate).
    MissingRate {
        /// The importing country.
        importer: String,
        /// The tariff code of the base line.
        code: String,
        /// The column that has no rate (`general`, `other`).
        column: String,
    },
    /// The schedule has no data for this importing country.
    UnknownImporter {
        /// The importing country code.
        importer: String,
    },
    /// The entry currency differs from the importer's and no exchange rate was given.
    MissingExchangeRate {
        /// The entry currency.
        currency: String,
        /// The importer's currency.
        importer_currency: String,
    },
    /// A schedule file failed validation.
    Schedule {
        /// The file (or `<json>` / `<builtin>`) the schedule came from.
        file: String,
        /// The measure, exemption, fee or base line id, when the error is inside one.
        item: Option<String>,
        /// The field that was wrong.
        field: String,
        /// What was wrong.
        message: String,
    },
    /// An arithmetic overflow: a result beyond the 96-bit decimal range, or
    /// a money amount too large to carry its cents (about 7.9 x 10^26 and
    /// more). Never a rounded amount instead.
    Overflow {
        /// What was being computed (`the section_301 line (measure
        /// cn-301-4a, rate 25%)`, `the duty (sum of the lines)`).
        what: String,
        /// The input it was computed from (`value`, `quantities.kg`,
        /// `exchange_rate`).
        field: String,
        /// That input's value (cut to a readable length).
        value: String,
    },
    /// The goods may not be imported at all on the entry date: an import
    /// ban is not a duty, so there is no amount to quote.
    Prohibited {
        /// The tariff code as given.
        code: String,
        /// The country of origin.
        origin: String,
        /// The entry date.
        date: String,
        /// The ban that matched.
        ban: Box<Ban>,
    },
    /// The entry date is outside what the schedule answers for: before its
    /// first date, or (in strict mode) after the date its policy was
    /// reviewed through.
    NotCovered {
        /// The entry date.
        date: String,
        /// The first date the schedule answers for.
        first: String,
        /// The date the schedule's policy was reviewed through (empty when unknown).
        reviewed_through: String,
        /// `true` when the date is after the reviewed-through date and the
        /// schedule is strict; `false` when it is before the first date.
        strict: bool,
    },
    /// An input is past one of the documented limits (see [`crate::limits`]).
    TooLarge {
        /// The field (or schedule part) that is too large.
        field: String,
        /// The offending value or size, as text (cut to a readable length).
        value: String,
        /// The limit, in words (`at most 10,000 measures per importer`).
        limit: String,
    },
    /// An I/O error while reading a file.
    Io {
        /// The path.
        path: String,
        /// The operating system's message.
        message: String,
    },
}

/// An import ban that matched an entry (see [`Error::Prohibited`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ban {
    /// The importing country.
    pub importer: String,
    /// The id of the prohibition in the schedule.
    pub id: String,
    /// What is prohibited, in words.
    pub description: String,
    /// The legal source (proclamation, CBP message).
    pub source: String,
}

impl Error {
    /// Shorthand for [`Error::InvalidInput`]; a long value is cut to
    /// [`crate::limits::MAX_ECHO_CHARS`] characters.
    pub fn invalid(field: &str, value: impl Into<String>, expected: impl Into<String>) -> Error {
        Error::InvalidInput {
            field: field.to_string(),
            value: echo(&value.into()),
            expected: expected.into(),
        }
    }

    /// The name of the field the error is about, when there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::InvalidInput { field, .. } | Error::Schedule { field, .. } => Some(field),
            Error::InvalidRate { .. } => Some("rate"),
            Error::MissingQuantity { .. } => Some("quantities"),
            Error::UnknownCode { .. } | Error::MissingRate { .. } => Some("hts"),
            Error::UnknownImporter { .. } => Some("importer"),
            Error::MissingExchangeRate { .. } => Some("exchange_rate"),
            Error::Prohibited { .. } => Some("hts"),
            Error::NotCovered { .. } => Some("entry_date"),
            Error::TooLarge { field, .. } | Error::Overflow { field, .. } => Some(field),
            Error::Io { .. } => None,
        }
    }

    /// The offending value, when there is one.
    pub fn value(&self) -> Option<&str> {
        match self {
            Error::InvalidInput { value, .. } => Some(value),
            Error::InvalidRate { text, .. } => Some(text),
            Error::MissingQuantity { unit, .. } => Some(unit),
            Error::UnknownCode { code, .. } | Error::MissingRate { code, .. } => Some(code),
            Error::UnknownImporter { importer } => Some(importer),
            Error::MissingExchangeRate { currency, .. } => Some(currency),
            Error::Io { path, .. } => Some(path),
            Error::Prohibited { code, .. } => Some(code),
            Error::NotCovered { date, .. } => Some(date),
            Error::TooLarge { value, .. } | Error::Overflow { value, .. } => Some(value),
            Error::Schedule { .. } => None,
        }
    }

    /// The kind of the error: a plain enum with one value per variant, for
    /// the bindings to pick an exception class or status code with an
    /// exhaustive `match`. It compares equal to its stable name
    /// (`err.kind() == "unknown_code"`); [`ErrorKind::as_str`] gives the name.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidInput { .. } => ErrorKind::InvalidInput,
            Error::InvalidRate { .. } => ErrorKind::InvalidRate,
            Error::MissingQuantity { .. } => ErrorKind::MissingQuantity,
            Error::UnknownCode { .. } => ErrorKind::UnknownCode,
            Error::MissingRate { .. } => ErrorKind::MissingRate,
            Error::UnknownImporter { .. } => ErrorKind::UnknownImporter,
            Error::MissingExchangeRate { .. } => ErrorKind::MissingExchangeRate,
            Error::Schedule { .. } => ErrorKind::Schedule,
            Error::Overflow { .. } => ErrorKind::Overflow,
            Error::Prohibited { .. } => ErrorKind::Prohibited,
            Error::NotCovered { .. } => ErrorKind::NotCovered,
            Error::TooLarge { .. } => ErrorKind::TooLarge,
            Error::Io { .. } => ErrorKind::Io,
        }
    }

    /// An [`Error::Overflow`] computing `what` from `field` = `value` (cut).
    pub(crate) fn overflow(
        what: impl Into<String>,
        field: &str,
        value: impl fmt::Display,
    ) -> Error {
        Error::Overflow {
            what: what.into(),
            field: field.to_string(),
            value: echo(&value.to_string()),
        }
    }

    /// An [`Error::Io`] reading `path` (cut).
    pub(crate) fn io(path: &std::path::Path, e: &std::io::Error) -> Error {
        Error::Io {
            path: echo(&path.display().to_string()),
            message: e.to_string(),
        }
    }

    /// An [`Error::Schedule`] for JSON that does not parse: serde's message
    /// quotes the offending text, so it is cut, keeping the position.
    pub(crate) fn json(file: &str, e: &serde_json::Error) -> Error {
        let full = e.to_string();
        let message = if fits_chars(&full, ECHO_CHARS) {
            full
        } else {
            format!("{} at line {} column {}", echo(&full), e.line(), e.column())
        };
        Error::Schedule {
            file: file.to_string(),
            item: None,
            field: format!("line {} column {}", e.line(), e.column()),
            message,
        }
    }

    pub(crate) fn schedule(
        file: &str,
        item: Option<&str>,
        field: &str,
        message: impl Into<String>,
    ) -> Error {
        Error::Schedule {
            file: file.to_string(),
            item: item.map(str::to_string),
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput {
                field,
                value,
                expected,
            } => write!(f, "invalid {field} {value:?}: expected {expected}"),
            Error::InvalidRate { text, reason } => {
                write!(f, "cannot parse rate {text:?}: {reason}")
            }
            Error::MissingQuantity { unit, rate } if unit.len() > 60 => write!(
                f,
                "rate {rate:?} needs a quantity in {unit:?}: add it to the entry's quantities"
            ),
            Error::MissingQuantity { unit, rate } => write!(
                f,
                "rate {rate:?} needs a quantity in {unit:?}: add it to the entry's quantities (e.g. {unit}=12.5)"
            ),
            Error::UnknownCode {
                importer,
                code,
                date,
            } => write!(
                f,
                "no {importer} tariff line {code} in force on {date}: check the code (8 or 10 digits) and the date"
            ),
            Error::MissingRate {
                importer,
                code,
                column,
            } => write!(
                f,
                "the {importer} schedule prints no {column} rate for {code}: the line cannot be quoted in that column; check the schedule data for the line"
            ),
            Error::UnknownImporter { importer } => write!(
                f,
                "the schedule has no data for importer {importer}: use an importer the schedule lists"
            ),
            Error::MissingExchangeRate {
                currency,
                importer_currency,
            } => write!(
                f,
                "value is in {currency} but the importer's currency is {importer_currency}: give an exchange_rate ({importer_currency} per 1 {currency})"
            ),
            Error::Schedule {
                file,
                item,
                field,
                message,
            } => match item {
                Some(item) => write!(f, "{file}: {item}: field {field}: {message}"),
                None => write!(f, "{file}: field {field}: {message}"),
            },
            Error::Overflow { what, field, value } => write!(
                f,
                "arithmetic overflow computing {what} from {field} {value:?}: the result is beyond the exact decimal range (see the limits in tariffs::limits)"
            ),
            Error::Prohibited {
                code,
                origin,
                date,
                ban,
            } => write!(
                f,
                "import of {code} from {origin} into {} on {date} is prohibited, not dutiable: {} ({}; {})",
                ban.importer, ban.description, ban.id, ban.source
            ),
            Error::NotCovered {
                date,
                first,
                reviewed_through,
                strict: false,
            } => {
                write!(f, "entry date {date} is before {first}, the first date the schedule answers for")?;
                if reviewed_through.is_empty() {
                    write!(f, ": use a date from {first} on")
                } else {
                    write!(f, ": it covers {first} and later, with its policy reviewed through {reviewed_through}")
                }
            }
            Error::NotCovered {
                date,
                reviewed_through,
                strict: true,
                ..
            } => write!(
                f,
                "entry date {date} is after {reviewed_through}, the date the schedule's policy was reviewed through, and the schedule is strict: duties announced since may be missing; quote without strict mode to get the quote with a warning, or lay an overlay with the newer measures over the schedule"
            ),
            Error::TooLarge {
                field,
                value,
                limit,
            } => write!(f, "{field} {value:?} is too large: {limit}"),
            Error::Io { path, message } => write!(f, "cannot read {path}: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// Declares [`ErrorKind`] from one list of `Variant => "stable_name"`, so
/// that the enum, [`ErrorKind::ALL`] and [`ErrorKind::as_str`] cannot drift
/// apart.
macro_rules! error_kinds {
    ($($kind:ident => $name:literal,)*) => {
        /// The kind of an [`Error`], one value per variant (see [`Error::kind`]).
        ///
        /// ```
        /// use tariffs::{ErrorKind, HtsCode};
        /// let err = "61x9".parse::<HtsCode>().unwrap_err();
        /// assert_eq!(err.kind(), ErrorKind::InvalidInput);
        /// assert_eq!(err.kind().as_str(), "invalid_input");
        /// assert_eq!(err.kind(), "invalid_input");
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ErrorKind {
            $(
                #[doc = concat!("[`Error::", stringify!($kind), "`]")]
                $kind,
            )*
        }

        impl ErrorKind {
            /// Every kind, in declaration order (for the bindings' mapping tests).
            pub const ALL: [ErrorKind; [$($name),*].len()] = [$(ErrorKind::$kind),*];

            /// The stable snake-case name (`invalid_input`, `unknown_code`, ...),
            /// the `kind` the Python exceptions carry.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorKind::$kind => $name,)*
                }
            }
        }
    };
}

error_kinds! {
    InvalidInput => "invalid_input",
    InvalidRate => "invalid_rate",
    MissingQuantity => "missing_quantity",
    UnknownCode => "unknown_code",
    MissingRate => "missing_rate",
    UnknownImporter => "unknown_importer",
    MissingExchangeRate => "missing_exchange_rate",
    Schedule => "schedule",
    Overflow => "overflow",
    Prohibited => "prohibited",
    NotCovered => "not_covered",
    TooLarge => "too_large",
    Io => "io",
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for ErrorKind {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ErrorKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<ErrorKind> for &str {
    fn eq(&self, other: &ErrorKind) -> bool {
        *self == other.as_str()
    }
}

/// How many characters of an offending input an error echoes (public as
/// [`crate::limits::MAX_ECHO_CHARS`]). The error module is the bottom layer:
/// it imports nothing from the crate, so the limits build on it.
pub(crate) const ECHO_CHARS: usize = 120;

/// The first [`ECHO_CHARS`] characters of `s`, and how much was cut (public
/// as [`crate::limits::echo`]).
pub(crate) fn echo(s: &str) -> String {
    match s.char_indices().nth(ECHO_CHARS) {
        None => s.to_string(),
        Some((cut, _)) => format!(
            "{}... ({} more characters)",
            &s[..cut],
            s[cut..].chars().count()
        ),
    }
}

/// `s` is at most `max` characters (counted without scanning a huge text).
pub(crate) fn fits_chars(s: &str, max: usize) -> bool {
    s.len() <= max || (s.len() <= 4 * max && s.chars().count() <= max)
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
