//! Periods and months.
//!
//! The policy counts capital in place by month; periods are a year, a quarter or a
//! month. Months are kept as one integer (`year * 12 + month - 1`) so windows are plain
//! integer ranges that polars compares columnarly.

use std::fmt;
use std::str::FromStr;

/// A month as one integer: `year * 12 + (month - 1)`.
pub type MonthIndex = i32;

/// The month index of a year and a 1-based month.
pub(crate) fn month_index(year: i32, month: u32) -> MonthIndex {
    year * 12 + month as i32 - 1
}

/// The `(year, month)` of a month index, month 1-based.
pub(crate) fn year_month(index: MonthIndex) -> (i32, u32) {
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

/// Formats a month index as `2022-03`.
pub(crate) fn format_month(index: MonthIndex) -> String {
    let (year, month) = year_month(index);
    format!("{year:04}-{month:02}")
}

/// A scoring period: a whole year, a quarter or a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// A calendar year, `2022`.
    Year(i32),
    /// A quarter, `2022Q3` (quarter 1 to 4).
    Quarter(i32, u32),
    /// A month, `2022-09` (month 1 to 12).
    Month(i32, u32),
}

impl Period {
    /// The year the period lies in.
    pub(crate) fn year(&self) -> i32 {
        match *self {
            Period::Year(y) | Period::Quarter(y, _) | Period::Month(y, _) => y,
        }
    }

    /// The first month of the period.
    pub(crate) fn first_month(&self) -> MonthIndex {
        match *self {
            Period::Year(y) => month_index(y, 1),
            Period::Quarter(y, q) => month_index(y, q * 3 - 2),
            Period::Month(y, m) => month_index(y, m),
        }
    }

    /// The last month of the period: the period end.
    pub(crate) fn end_month(&self) -> MonthIndex {
        match *self {
            Period::Year(y) => month_index(y, 12),
            Period::Quarter(y, q) => month_index(y, q * 3),
            Period::Month(y, m) => month_index(y, m),
        }
    }

    /// The last day of the period, as a date.
    pub(crate) fn end_date(&self) -> chrono::NaiveDate {
        let (year, month) = year_month(self.end_month() + 1);
        chrono::NaiveDate::from_ymd_opt(year, month, 1)
            .expect("valid month start")
            .pred_opt()
            .expect("not the first day ever")
    }

    /// Months of the year elapsed at the period end (1 to 12).
    pub(crate) fn months_elapsed(&self) -> u32 {
        year_month(self.end_month()).1
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Quarter(y, q) => write!(f, "{y}Q{q}"),
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
        }
    }
}

impl FromStr for Period {
    type Err = String;

    /// Parses `2022`, `2022Q3` (or `2022-Q3`, `2022q3`) and `2022-09` (or `2022-9`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{text}` is not a period; write a year (2022), a quarter (2022Q3) or a month (2022-09)");
        let t = text.trim();
        let year_of = |s: &str| -> Result<i32, String> {
            let year: i32 = s.parse().map_err(|_| bad())?;
            if (1900..=2200).contains(&year) { Ok(year) } else { Err(bad()) }
        };
        if let Some(pos) = t.find(['Q', 'q']) {
            let year = year_of(t[..pos].trim_end_matches('-'))?;
            let quarter: u32 = t[pos + 1..].parse().map_err(|_| bad())?;
            return if (1..=4).contains(&quarter) { Ok(Period::Quarter(year, quarter)) } else { Err(bad()) };
        }
        if let Some((y, m)) = t.split_once('-') {
            let year = year_of(y)?;
            let month: u32 = m.parse().map_err(|_| bad())?;
            return if (1..=12).contains(&month) { Ok(Period::Month(year, month)) } else { Err(bad()) };
        }
        Ok(Period::Year(year_of(t)?))
    }
}

/// Which months capital in place is summed over; every window ends at the period end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CapitalWindow {
    /// From January of the period's year.
    Ytd,
    /// The period's own months.
    Period,
    /// Every month up to the period end.
    Cumulative,
}

impl CapitalWindow {
    /// The first month of the window (`None`: no lower bound).
    pub(crate) fn first_month(&self, period: &Period) -> Option<MonthIndex> {
        match self {
            CapitalWindow::Ytd => Some(month_index(period.year(), 1)),
            CapitalWindow::Period => Some(period.first_month()),
            CapitalWindow::Cumulative => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_in_every_written_form() {
        assert_eq!("2022".parse::<Period>(), Ok(Period::Year(2022)));
        assert_eq!("2022Q3".parse::<Period>(), Ok(Period::Quarter(2022, 3)));
        assert_eq!("2022-q4".parse::<Period>(), Ok(Period::Quarter(2022, 4)));
        assert_eq!("2022-09".parse::<Period>(), Ok(Period::Month(2022, 9)));
        assert_eq!("2022-9".parse::<Period>(), Ok(Period::Month(2022, 9)));
        assert!("2022Q5".parse::<Period>().is_err());
        assert!("2022-13".parse::<Period>().is_err());
        assert!("twenty".parse::<Period>().unwrap_err().contains("2022Q3"));
    }

    #[test]
    fn period_ends_and_windows() {
        let q3 = Period::Quarter(2022, 3);
        assert_eq!(format_month(q3.first_month()), "2022-07");
        assert_eq!(format_month(q3.end_month()), "2022-09");
        assert_eq!(q3.end_date().to_string(), "2022-09-30");
        assert_eq!(q3.months_elapsed(), 9);
        assert_eq!(Period::Month(2024, 2).end_date().to_string(), "2024-02-29");
        assert_eq!(CapitalWindow::Ytd.first_month(&q3), Some(month_index(2022, 1)));
        assert_eq!(CapitalWindow::Period.first_month(&q3), Some(month_index(2022, 7)));
        assert_eq!(CapitalWindow::Cumulative.first_month(&q3), None);
        assert_eq!(year_month(month_index(2021, 12)), (2021, 12));
    }
}
