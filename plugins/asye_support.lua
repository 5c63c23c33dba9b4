-- asye_support: newly qualified social workers get what the Assessed and Supported Year
-- in Employment promises: supervision at the ASYE cadence, a protected (lower) caseload,
-- protected development time and review meetings on time.
-- In scope from asye_start for the programme's length, extended by long absences; not
-- chased while away. Who is in scope is marked for the host (ov.mark), whose caseload
-- figures hold them to the ASYE cap: this file is the one definition of the scope. Settings: config/policy.lua, asye_support and caseload.

-- What the settings must look like (`oversight policy check` holds them to it). The
-- caseload section is shared with the measures and the planner.
settings_spec = {
  caseload = {
    weights = { type = "numbers by case type", min = 0 },
    standard_per_fte = { type = "positive number" },
    asye_share = { type = "share" },
    holding_roles = { type = "roles" },
  },
  asye_support = {
    programme_length = { type = "days", min = 1 },
    cadence = { type = "cadence" },
    counting_kinds = { type = "kinds" },
    long_absence = { type = "days", min = 1 },
    development_share = { type = "share" },
    working_week = { type = "positive number" },
    development_window = { type = "days", min = 1 },
    review_points = { type = "list of days" },
    review_grace = { type = "days", min = 0 },
    review_kind = { type = "text" },
  },
}

-- What each code means to the host (docs/plugin-api.md, "Declaring codes").
codes = {
  supervision_overdue = { label = "ASYE supervision overdue", kind = "late", severity = "breach" },
  caseload_above_cap = { label = "caseload above the ASYE cap", kind = "over_limit", severity = "breach" },
  development_time_short = { label = "development time short", kind = "missing", severity = "warning" },
  review_overdue = { label = "ASYE review overdue", kind = "late", severity = "breach" },
}

local s = settings.asye_support
local caseload = settings.caseload

-- The settings in force, in words, exactly: no rounding, the cadence as set.
local function percent(share) return string.format("%g", share * 100) .. "%" end

local function cadence_in_words()
  local steps = {}
  for _, step in ipairs(s.cadence) do
    steps[#steps + 1] = "every " .. step.every .. " days"
                        .. (step.before_day and (" until day " .. step.before_day) or "")
  end
  return table.concat(steps, ", then ")
end

local function review_days()
  local points = {}
  for i, p in ipairs(s.review_points) do points[i] = tostring(p) end
  if #points == 1 then return points[1] end
  return table.concat(points, ", ", 1, #points - 1) .. " and " .. points[#points]
end

title = "ASYE support"
rules = {
  supervision_overdue = "A newly qualified worker is supervised at the ASYE cadence: "
                        .. cadence_in_words() .. " of the programme.",
  caseload_above_cap = "A newly qualified worker holds at most " .. percent(caseload.asye_share)
                       .. " of a standard weighted caseload.",
  development_time_short = "A newly qualified worker has " .. percent(s.development_share)
                           .. " of their working week protected for development.",
  review_overdue = "ASYE reviews are held on time: at days " .. review_days() .. " of the programme, with "
                   .. s.review_grace .. " days' grace.",
}

-- Days within [from, to] that fall in absence spells of at least `long_absence` days
-- (a spell's whole length counts, inside the window or not).
local function paused_days(worker, from, to)
  local days = 0
  for _, spell in ipairs(ov.absence_spells(worker)) do
    if spell.last - spell.first + 1 >= s.long_absence then
      local lo, hi = math.max(from, spell.first), math.min(to, spell.last)
      if lo <= hi then days = days + (hi - lo + 1) end
    end
  end
  return days
end

local function cadence_at(day_of_programme)
  for _, step in ipairs(s.cadence) do
    if step.before_day == nil or day_of_programme < step.before_day then return step.every end
  end
end

local function check_supervision(w, today)
  local last = ov.latest_supervision{ worker = w.id, kinds = s.counting_kinds,
                                      from = w.asye_start, to = today }
  local base = last or w.asye_start
  local every = cadence_at(base - w.asye_start)
  local due = base + every + ov.absent_days(w.id, base + 1, today)
  if today > due then
    ov.report{ code = "supervision_overdue", severity = "breach", worker = w.id, due_date = due,
               days_overdue = today - due,
               message = w.id .. " (ASYE): supervision every " .. every .. " days; last "
                         .. (last and ov.date(last) or "none since the ASYE began") .. "; due " .. ov.date(due) }
  end
end

local function check_caseload(w)
  local weighted = 0
  for a in ov.allocations{ worker = w.id, role = "key_worker" } do
    weighted = weighted + caseload.weights[a.case_type]
  end
  local cap = caseload.asye_share * caseload.standard_per_fte * w.fte
  if ov.round2(weighted) > ov.round2(cap) then
    ov.report{ code = "caseload_above_cap", severity = "breach", worker = w.id, value = weighted,
               limit = cap,
               message = w.id .. " (ASYE): weighted caseload " .. ov.round2(weighted)
                         .. " is above the ASYE cap of " .. ov.round2(cap) }
  end
end

local function check_development_time(w, today)
  local from = math.max(w.asye_start, today - (s.development_window - 1))
  local present = (today - from + 1) - ov.absent_days(w.id, from, today)
  if present < 7 then return end
  local expected = s.development_share * s.working_week * w.fte * present / 7
  local logged = ov.hours_logged{ worker = w.id, from = from, to = today }
  if ov.round2(logged) < ov.round2(expected) then
    ov.report{ code = "development_time_short", severity = "warning", worker = w.id,
               value = logged, limit = expected,
               message = w.id .. " (ASYE): " .. ov.round2(logged) .. " hours of protected development time since "
                         .. ov.date(from) .. "; " .. ov.round2(expected) .. " expected" }
  end
end

local function check_reviews(w, today)
  local missed = 0
  for _, point in ipairs(s.review_points) do
    if today > w.asye_start + point + s.review_grace then missed = missed + 1 end
  end
  local held = ov.count_supervisions{ worker = w.id, kinds = { s.review_kind },
                                      from = w.asye_start, to = today }
  if held < missed then
    local due = w.asye_start + s.review_points[held + 1]
    ov.report{ code = "review_overdue", severity = "breach", worker = w.id, due_date = due,
               days_overdue = today - due, value = held, limit = missed,
               message = w.id .. " (ASYE): review " .. (held + 1) .. " was due " .. ov.date(due)
                         .. "; " .. held .. " of " .. missed .. " reviews held" }
  end
end

function check()
  local today = ov.as_of
  for _, w in ipairs(ov.workers{ employed = true }) do
    if w.asye_start and w.asye_start <= today then
      local last_day = w.asye_start + s.programme_length - 1 + paused_days(w.id, w.asye_start, today)
      if today <= last_day then
        -- In scope: the host's caseload figures (measures, planner, dashboard) then use
        -- the ASYE cap for this worker. Said here so that the rule is written once.
        ov.mark{ worker = w.id, as = "asye" }
        if not w.absent then
          check_supervision(w, today)
          check_caseload(w)
          check_development_time(w, today)
          check_reviews(w, today)
        end
      end
    end
  end
end
