"""java.util.GregorianCalendar in UTC, as java.text.SimpleDateFormat uses it (java_datetime.py builds on this).

Java's calendar is a hybrid: the Julian calendar before 1582-10-15 (Gregorian), the Gregorian one from then on.
Years before 1 AD are BC (era 0, year 1 = 1 BC). Weeks start on Sunday and week 1 is the week holding January 1st
(``firstDayOfWeek`` = SUNDAY, ``minimalDaysInFirstWeek`` = 1: the default ``en`` / ``en_US`` locale of the JVM).
Fixed dates count days from 0001-01-01 (Gregorian) = 1, as ``sun.util.calendar`` does; arithmetic that Java does
in ``int`` or ``long`` wraps here as it does there (``wrap32``, ``wrap64``).
"""

from __future__ import annotations

DAY_MS = 86_400_000
EPOCH_OFFSET = 719_163  # the fixed date of 1970-01-01
CUTOVER = 577_736  # the fixed date of 1582-10-15 (Gregorian), GregorianCalendar's default cutover
CUTOVER_YEAR = 1582
SUNDAY = 1

# Java's Calendar field numbers
(ERA, YEAR, MONTH, WEEK_OF_YEAR, WEEK_OF_MONTH, DAY_OF_MONTH, DAY_OF_YEAR, DAY_OF_WEEK, DAY_OF_WEEK_IN_MONTH,
 AM_PM, HOUR, HOUR_OF_DAY, MINUTE, SECOND, MILLISECOND, ZONE_OFFSET, DST_OFFSET) = range(17)

# The names of the JVM's default locale here (en, CLDR): SimpleDateFormat's text fields.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("", "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
ERAS = ("BC", "AD")
AM_PM_NAMES = ("AM", "PM")

_CUM = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


def wrap32(value: int) -> int:
    return (value + 0x8000_0000) % 0x1_0000_0000 - 0x8000_0000


def wrap64(value: int) -> int:
    return (value + 0x8000_0000_0000_0000) % 0x1_0000_0000_0000_0000 - 0x8000_0000_0000_0000


def greg_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def jul_leap(year: int) -> bool:
    return year % 4 == 0


def greg_fixed(year: int, month: int, day: int) -> int:
    """Fixed date of a proleptic Gregorian (year, month 1-12, day); year 0 = 1 BC."""
    prev = year - 1
    days = 365 * prev + prev // 4 - prev // 100 + prev // 400 + _CUM[month - 1] + day
    return days + 1 if month > 2 and greg_leap(year) else days


def jul_fixed(year: int, month: int, day: int) -> int:
    """Fixed date of a proleptic Julian (year, month 1-12, day); year 0 = 1 BC."""
    prev = year - 1
    days = -2 + 365 * prev + prev // 4 + _CUM[month - 1] + day
    return days + 1 if month > 2 and jul_leap(year) else days


def _from_jdn(c: int, gregorian: bool) -> tuple:
    # Richards' algorithm on the Julian day number, with floor division (valid for any integer).
    b = 0
    if gregorian:
        a = c + 32044
        b = (4 * a + 3) // 146097
        c = a - 146097 * b // 4
    else:
        c = c + 32082
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    year = 100 * b + d - 4800 + m // 10 if gregorian else d - 4800 + m // 10
    return year, m + 3 - 12 * (m // 10), e - (153 * m + 2) // 5 + 1


def date_of(fixed: int) -> tuple:
    """(astronomical year, month 1-12, day, julian?) of a fixed date in Java's hybrid calendar."""
    julian = fixed < CUTOVER
    return (*_from_jdn(fixed + 1_721_425, not julian), julian)


def fixed_of(year: int, month: int, day: int, julian: bool) -> int:
    return jul_fixed(year, month, day) if julian else greg_fixed(year, month, day)


def day_of_week(fixed: int) -> int:
    """1 = Sunday .. 7 = Saturday."""
    return fixed % 7 + 1


def dow_on_or_before(fixed: int, dow: int) -> int:
    return fixed - (fixed - (dow - 1)) % 7


def week_number(day1: int, fixed: int) -> int:
    first = dow_on_or_before(day1 + 6, SUNDAY)
    if first - day1 >= 1:
        first -= 7
    return (fixed - first) // 7 + 1


def hybrid_leap(year: int) -> bool:
    """GregorianCalendar.isLeapYear: Julian rule before 1582, Gregorian after, 1582 is not."""
    if year & 3:
        return False
    if year > CUTOVER_YEAR:
        return year % 100 != 0 or year % 400 == 0
    return year < CUTOVER_YEAR


class Fields:
    """The calendar fields of one moment (epoch millis, UTC), as ``Calendar.get`` returns them."""

    __slots__ = ("fixed", "year", "era", "month", "day", "julian", "tod", "_weeks")

    def __init__(self, millis: int):
        fixed, self.tod = divmod(millis, DAY_MS)
        self.fixed = fixed = fixed + EPOCH_OFFSET
        year, month, self.day, self.julian = date_of(fixed)
        self.era = 1 if year > 0 else 0
        self.year = year  # astronomical (normalized) year
        self.month = month - 1  # 0-based, as Calendar.MONTH
        self._weeks = None

    @property
    def year_of_era(self) -> int:
        return self.year if self.year > 0 else 1 - self.year

    @property
    def day_of_week(self) -> int:
        return day_of_week(self.fixed)

    def weeks(self) -> tuple:
        """(DAY_OF_YEAR, DAY_OF_WEEK_IN_MONTH, WEEK_OF_YEAR, WEEK_OF_MONTH): GregorianCalendar.computeFields."""
        if self._weeks is None:
            self._weeks = self._compute_weeks()
        return self._weeks

    def _compute_weeks(self) -> tuple:
        fixed, year, julian = self.fixed, self.year, self.julian
        jan1 = fixed_of(year, 1, 1, julian)
        month1 = fixed - self.day + 1
        if year == CUTOVER_YEAR:
            jan1 = jul_fixed(year, 1, 1)
            if not julian and self.month == 9:  # October 1582 counts from the Julian October 1st
                month1 = jul_fixed(year, 10, 1)
        doy = fixed - jan1 + 1
        dowim = (fixed - month1) // 7 + 1
        woy = week_number(jan1, fixed)
        if woy == 0:
            dec31 = jan1 - 1
            prev_jan1 = jan1 - 365
            if year > CUTOVER_YEAR + 1:
                prev_jan1 -= greg_leap(year - 1)
            elif year <= CUTOVER_YEAR:
                prev_jan1 -= jul_leap(year - 1)
            else:  # 1583: the year before is the cutover year, which starts on the Julian January 1st
                prev_jan1 = jul_fixed(CUTOVER_YEAR, 1, 1)
            woy = week_number(prev_jan1, dec31)
        elif year > CUTOVER_YEAR or year < CUTOVER_YEAR - 1:
            if woy >= 52:
                next_jan1 = jan1 + 365 + ((jul_leap if julian else greg_leap)(year))
                first = dow_on_or_before(next_jan1 + 6, SUNDAY)
                if first - next_jan1 >= 1 and fixed >= first - 7:
                    woy = 1
        else:  # 1581 and 1582
            next_year = year + 1
            use_julian = True if next_year == CUTOVER_YEAR else julian
            next_jan1 = fixed_of(next_year, 1, 1, use_julian)
            first = dow_on_or_before(next_jan1 + 6, SUNDAY)
            if first - next_jan1 >= 1 and fixed >= first - 7:
                woy = 1
        return doy, dowim, woy, week_number(month1, fixed)

    def week_year(self) -> int:
        """GregorianCalendar.getWeekYear (astronomical: 1 BC is 0)."""
        year = self.year
        doy, _, woy, _ = self.weeks()
        if year > CUTOVER_YEAR + 1:
            if self.month == 0:
                return year - 1 if woy >= 52 else year
            return year + 1 if woy == 1 else year
        max_doy = _year_start(year + 1) - _year_start(year)
        if 1 < doy < max_doy - 6:
            return year
        start = _year_start(year)
        delta = (SUNDAY - day_of_week(start)) % 7
        if doy < delta + 1:
            return year
        # Java sets YEAR to year + 1 on a clone that keeps the era: for a BC date that lands on -year.
        nxt = _year_start(year + 1 if self.era == 1 else -year)
        first_sunday = (SUNDAY - day_of_week(nxt)) % 7 or 7
        return year + 1 if max_doy - doy + 1 <= 7 - first_sunday else year


def _year_start(year: int) -> int:
    """The fixed date of DAY_OF_YEAR 1 of a year (the Julian January 1st up to and including 1582)."""
    return jul_fixed(year, 1, 1) if year <= CUTOVER_YEAR else greg_fixed(year, 1, 1)
