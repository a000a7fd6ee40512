"""Parsed calendar fields -> epoch millis: Calendar.selectFields and GregorianCalendar.computeTime, lenient, UTC.

``fields`` maps a Calendar field number to ``(stamp, value)``; the stamp orders the fields by when the parse set
them, which decides which of two competing fields wins (a day of month set after a day of year wins, and so on).
"""

from __future__ import annotations

from .java_calendar import (AM_PM, CUTOVER, CUTOVER_YEAR, DAY_MS, DAY_OF_MONTH, DAY_OF_WEEK, DAY_OF_WEEK_IN_MONTH,
                            DAY_OF_YEAR, DST_OFFSET, EPOCH_OFFSET, ERA, HOUR, HOUR_OF_DAY, MILLISECOND, MINUTE,
                            MONTH, SECOND, SUNDAY, WEEK_OF_MONTH, WEEK_OF_YEAR, YEAR, ZONE_OFFSET,
                            dow_on_or_before, greg_fixed, hybrid_leap, jul_fixed, wrap32, wrap64)

_UNSET = 0
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class InvalidEra(ValueError):
    pass


def _stamp(fields, field):
    return fields[field][0] if field in fields else _UNSET


def _get(fields, field):
    return fields[field][1] if field in fields else 0


def _aggregate(a, b):
    return _UNSET if a == _UNSET or b == _UNSET else max(a, b)


def select_fields(fields: dict) -> set:
    """Calendar.selectFields: which fields take part in computing the date."""
    st = lambda field: _stamp(fields, field)  # noqa: E731
    mask = {YEAR}
    if st(ERA) != _UNSET:
        mask.add(ERA)
    dow, month, dom = st(DAY_OF_WEEK), st(MONTH), st(DAY_OF_MONTH)
    wom = _aggregate(st(WEEK_OF_MONTH), dow)
    dowim = _aggregate(st(DAY_OF_WEEK_IN_MONTH), dow)
    doy = st(DAY_OF_YEAR)
    woy = _aggregate(st(WEEK_OF_YEAR), dow)
    best = max(dom, wom, dowim, doy, woy)
    if best == _UNSET:
        wom, dowim, woy = st(WEEK_OF_MONTH), max(st(DAY_OF_WEEK_IN_MONTH), dow), st(WEEK_OF_YEAR)
        best = max(wom, dowim, woy)
        if best == _UNSET:
            best = dom = month
    if (best == dom or (best == wom and st(WEEK_OF_MONTH) >= st(WEEK_OF_YEAR))
            or (best == dowim and st(DAY_OF_WEEK_IN_MONTH) >= st(WEEK_OF_YEAR))):
        mask.add(MONTH)
        if best == dom:
            mask.add(DAY_OF_MONTH)
        else:
            if dow != _UNSET:
                mask.add(DAY_OF_WEEK)
            if wom == dowim:
                mask.add(WEEK_OF_MONTH if st(WEEK_OF_MONTH) >= st(DAY_OF_WEEK_IN_MONTH) else DAY_OF_WEEK_IN_MONTH)
            elif best == wom:
                mask.add(WEEK_OF_MONTH)
            elif st(DAY_OF_WEEK_IN_MONTH) != _UNSET:
                mask.add(DAY_OF_WEEK_IN_MONTH)
    elif best == doy:
        mask.add(DAY_OF_YEAR)
    else:
        if dow != _UNSET:
            mask.add(DAY_OF_WEEK)
        mask.add(WEEK_OF_YEAR)
    hour_of_day = st(HOUR_OF_DAY)
    hour = _aggregate(st(HOUR), st(AM_PM))
    best = hour if hour > hour_of_day else hour_of_day
    if best == _UNSET:
        best = max(st(HOUR), st(AM_PM))
    if best != _UNSET:
        if best == hour_of_day:
            mask.add(HOUR_OF_DAY)
        else:
            mask.add(HOUR)
            if st(AM_PM) != _UNSET:
                mask.add(AM_PM)
    for field in (MINUTE, SECOND, MILLISECOND, ZONE_OFFSET, DST_OFFSET):
        if st(field) != _UNSET:
            mask.add(field)
    return mask


def _month_length(month: int, year: int) -> int:
    return 29 if month == 1 and hybrid_leap(year) else _MONTH_DAYS[month]


def _fixed_date(julian: bool, year: int, mask: set, fields: dict) -> int:
    """GregorianCalendar.getFixedDate(cal, year, fieldMask)."""
    get = lambda field: _get(fields, field)  # noqa: E731
    month = 0
    if MONTH in mask:
        month = get(MONTH)
        if month > 11:
            year = wrap32(year + month // 12)
            month %= 12
        elif month < 0:
            year = wrap32(year + month // 12)
            month %= 12
    fixed = (jul_fixed if julian else greg_fixed)(year, month + 1, 1)
    if MONTH in mask:
        if DAY_OF_MONTH in mask:
            if DAY_OF_MONTH in fields:
                fixed += get(DAY_OF_MONTH) - 1
        elif WEEK_OF_MONTH in mask:
            first = dow_on_or_before(fixed + 6, SUNDAY)
            if first - fixed >= 1:
                first -= 7
            if DAY_OF_WEEK in mask:
                first = dow_on_or_before(first + 6, get(DAY_OF_WEEK))
            fixed = first + wrap32(7 * wrap32(get(WEEK_OF_MONTH) - 1))
        else:
            dow = get(DAY_OF_WEEK) if DAY_OF_WEEK in mask else SUNDAY
            dowim = get(DAY_OF_WEEK_IN_MONTH) if DAY_OF_WEEK_IN_MONTH in mask else 1
            if dowim >= 0:
                fixed = dow_on_or_before(fixed + wrap32(7 * dowim) - 1, dow)
            else:
                last = wrap32(_month_length(month, year) + wrap32(7 * wrap32(dowim + 1)))
                fixed = dow_on_or_before(fixed + last - 1, dow)
    elif DAY_OF_YEAR in mask:
        fixed += get(DAY_OF_YEAR) - 1
    else:
        first = dow_on_or_before(fixed + 6, SUNDAY)
        if first - fixed >= 1:
            first -= 7
        if DAY_OF_WEEK in mask and get(DAY_OF_WEEK) != SUNDAY:
            first = dow_on_or_before(first + 6, get(DAY_OF_WEEK))
        fixed = first + 7 * (get(WEEK_OF_YEAR) - 1)
    return fixed


def compute_time(fields: dict, last_julian: bool) -> tuple:
    """(epoch millis as a Java long, whether the calendar's date is now Julian) of the parsed fields.

    ``last_julian`` is the calendar's memory of its previous date (GregorianCalendar.calsys): it picks Julian or
    Gregorian for a day that only one of them has, in the ten days skipped in October 1582.
    """
    mask = select_fields(fields)
    get = lambda field: _get(fields, field)  # noqa: E731
    year = get(YEAR) if YEAR in fields else 1970
    era = get(ERA) if ERA in fields else 1
    if era == 0:
        year = wrap32(1 - year)
    elif era != 1:
        raise InvalidEra("invalid era")
    if HOUR_OF_DAY in mask:
        tod = get(HOUR_OF_DAY)
    else:
        tod = get(HOUR) + (12 * get(AM_PM) if AM_PM in mask else 0)
    tod = ((tod * 60 + get(MINUTE)) * 60 + get(SECOND)) * 1000 + get(MILLISECOND)
    days, tod = divmod(tod, DAY_MS)
    if year > CUTOVER_YEAR:
        gfd = days + _fixed_date(False, year, mask, fields)
        jfd = None if gfd >= CUTOVER else days + _fixed_date(True, year, mask, fields)
    elif year < CUTOVER_YEAR:
        jfd = days + _fixed_date(True, year, mask, fields)
        gfd = None if jfd < CUTOVER else jfd
    else:
        jfd = days + _fixed_date(True, year, mask, fields)
        gfd = days + _fixed_date(False, year, mask, fields)
    if jfd is None:
        fixed = gfd
    elif gfd is None:
        fixed = jfd
    elif DAY_OF_YEAR in mask or WEEK_OF_YEAR in mask:
        fixed = jfd
    elif gfd >= CUTOVER:
        fixed = gfd if jfd >= CUTOVER or not last_julian else jfd
    else:
        fixed = jfd
    millis = wrap64((fixed - EPOCH_OFFSET) * DAY_MS + tod)
    offset = (get(ZONE_OFFSET) if ZONE_OFFSET in mask else 0) + (get(DST_OFFSET) if DST_OFFSET in mask else 0)
    millis = wrap64(millis - offset)
    return millis, (millis + offset) // DAY_MS + EPOCH_OFFSET < CUTOVER
