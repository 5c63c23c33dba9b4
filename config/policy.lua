-- Local policy settings: every number the shipped policy plugins use, in one place.
-- HR and principal social workers own this file. Change a value, then run
-- `oversight policy check` and `oversight policy test` before the next weekly run.
-- Units: days(n), weeks(n) are calendar days; hours(n) is decimal hours.
-- Not here: how the checks work (plugins/*.lua) or mail and server settings.

-- Caseload model: read by asye_support, the measures and the planner alike, so that
-- changing a weight or the standard changes every figure that depends on it.
caseload = {
  -- Weight of one child's case, by case type (a points scheme, as councils use).
  weights = { CP = 1.5, CIC = 1.25, CIN = 1.0, CWD = 1.0, CL = 0.5 },
  -- Weighted caseload a full-time worker is expected to hold (DfE census average ~15-18).
  standard_per_fte = 18,
  -- Workers in their ASYE hold this share of the standard (ASYE framework: 90%).
  asye_share = 0.9,
  -- Roles whose caseloads the measures and the planner count.
  holding_roles = { "social_worker", "senior_practitioner" },
}

-- 1. Every allocated child's case is discussed in supervision in time.
case_supervision = {
  -- Longest gap between case supervisions, by case type (the council's supervision policy).
  interval = { CP = days(28), CIN = days(42), CIC = days(42), CL = days(56), CWD = days(84) },
  -- Per-service exceptions to the intervals above, e.g.
  --   ["Children with Disabilities"] = { CIN = weeks(12) },
  interval_by_service = {},
  -- Supervision kinds that count as discussing the case.
  counting_kinds = { "case", "group" },
  -- Warn this many days before a case falls due.
  due_soon_window = days(7),
}

-- 2. Every worker has well-being supervision monthly.
wellbeing_supervision = {
  interval = days(28),
  roles = { "social_worker", "senior_practitioner", "family_support_worker", "iro", "team_manager" },
  counting_kinds = { "wellbeing" },
  due_soon_window = days(7),
}

-- 3. IRO caseloads within statutory guidance (IRO Handbook 2010: 50 to 70 children per FTE).
iro_caseload = {
  max_per_fte = 70,
  -- The floor raises no exception; the measures and the planner use it.
  min_per_fte = 50,
}

-- 4. Newly qualified social workers get the support the ASYE promises (ASYE framework,
-- LGA employer standards).
asye_support = {
  programme_length = days(365),
  -- Supervision cadence by days into the programme: weekly for 6 weeks, fortnightly
  -- to 6 months, monthly after.
  cadence = {
    { before_day = 42, every = days(7) },
    { before_day = 182, every = days(14) },
    { every = days(28) },
  },
  counting_kinds = { "personal", "wellbeing" },
  -- An absence spell at least this long pauses the programme (extends its end).
  long_absence = days(28),
  -- Protected development time: this share of a working week, pro rata to fte,
  -- measured over the last `development_window` days.
  development_share = 0.10,
  working_week = hours(37),
  development_window = days(28),
  -- Formal reviews at 3, 6 and 9 months, each missed once its grace has passed.
  review_points = { days(91), days(182), days(273) },
  review_grace = days(14),
  review_kind = "asye_review",
}

-- 5. Every child in care has an Independent Reviewing Officer (Children Act 1989 s.25A;
-- IRO Handbook 2010: appointed within 5 working days of the child becoming looked after).
-- Working days skip weekends and the bank holidays in bank_holidays.lua.
iro_allocated = {
  -- Case types whose children need an IRO.
  case_types = { "CIC" },
  -- An IRO is appointed within this many working days of the child coming into care.
  within_working_days = 5,
}

-- 6. Supervision is written up promptly (an example of a rule HR added without a
-- developer; switched off until the council adopts it). Working days skip weekends and
-- the bank holidays in bank_holidays.lua.
supervision_recorded = {
  enabled = false,
  -- Written up (recorded_date) within this many working days of the session.
  within_working_days = 5,
  -- Sessions dated in this many days up to the as-of day are checked.
  lookback = days(28),
}
