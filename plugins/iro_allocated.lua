-- iro_allocated: every child in care has an Independent Reviewing Officer, appointed within
-- a few working days of the child coming into care (Children Act 1989 s.25A; IRO Handbook
-- 2010). The exception is about the child's key worker, so it reaches their manager.
-- Settings: config/policy.lua, iro_allocated; calendar: config/bank_holidays.lua.

settings_spec = {
  iro_allocated = {
    case_types = { type = "case types" },
    within_working_days = { type = "days", min = 1, max = 60 },
  },
  calendar = {
    bank_holidays = { type = "list of dates" },
  },
}

-- What each code means to the host (docs/plugin-api.md, "Declaring codes").
codes = {
  no_iro = { label = "no IRO", kind = "late", severity = "breach", counts = "child without IRO" },
}

local s = settings.iro_allocated

title = "IRO allocated"
rules = {
  no_iro = "Every child in care has an Independent Reviewing Officer, appointed within "
           .. s.within_working_days .. " working days of coming into care (IRO Handbook 2010).",
}

local holidays = {}
for _, date in ipairs(settings.calendar.bank_holidays) do holidays[ov.day(date)] = true end

-- The `n`th working day (Monday to Friday, not a bank holiday) after day `d`.
local function add_working_days(d, n)
  while n > 0 do
    d = d + 1
    if ov.weekday(d) <= 5 and not holidays[d] then n = n - 1 end
  end
  return d
end

-- The key-worker allocation a case's exception is about: of those active today, the
-- latest to start, then the smallest worker id.
local function subject_of(current, a)
  if not current then return a end
  if a.start_date ~= current.start_date then return a.start_date > current.start_date and a or current end
  return a.worker_id < current.worker_id and a or current
end

-- The first day of the run of consecutive days in care that ends today, from a case's
-- spells in care (start and end days, the end cut at today).
local function in_care_since(spells, today)
  table.sort(spells, function(x, y) return x[1] < y[1] end)
  local start, finish
  for _, spell in ipairs(spells) do
    if not start or spell[1] > finish + 1 then
      start, finish = spell[1], spell[2]
    elseif spell[2] > finish then
      finish = spell[2]
    end
  end
  return start
end

function check()
  local today = ov.as_of
  -- Children in care today, and whose case each exception would be about.
  local in_care = {}
  for _, case_type in ipairs(s.case_types) do
    for a in ov.allocations{ role = "key_worker", case_type = case_type } do
      in_care[a.case_id] = subject_of(in_care[a.case_id], a)
    end
  end
  -- Those with an IRO today (an IRO who has left no longer counts).
  for a in ov.allocations{ role = "iro" } do
    if a.holder_employed then in_care[a.case_id] = nil end
  end
  -- When each of the others came into care: every spell up to today.
  local spells = {}
  for _, case_type in ipairs(s.case_types) do
    for a in ov.allocations{ role = "key_worker", case_type = case_type, from = ov.day("0001-01-01"), to = today } do
      if in_care[a.case_id] then
        local list = spells[a.case_id] or {}
        list[#list + 1] = { a.start_date, math.min(a.end_date or today, today) }
        spells[a.case_id] = list
      end
    end
  end
  for case_id, a in pairs(in_care) do
    local since = in_care_since(spells[case_id], today)
    local due = add_working_days(since, s.within_working_days)
    if today > due then
      ov.report{ code = "no_iro", severity = "breach", worker = a.worker_id, case_id = case_id,
                 due_date = due, days_overdue = today - due,
                 message = "Case " .. case_id .. " (" .. a.case_type .. ") in care since " .. ov.date(since)
                           .. " has no IRO; one was due by " .. ov.date(due) }
    end
  end
end
