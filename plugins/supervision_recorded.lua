-- supervision_recorded: every supervision session is written up within a few working days
-- (`recorded_date`). An example of a rule added by HR without a developer: it is off
-- until config/policy.lua says `enabled = true`. The supervisor writes the record, so the
-- exception is about the supervisor and goes to the supervisor's manager.
-- Settings: config/policy.lua, supervision_recorded; calendar: config/bank_holidays.lua.

settings_spec = {
  supervision_recorded = {
    within_working_days = { type = "days", min = 1, max = 60 },
    lookback = { type = "days", min = 1, max = 366 },
  },
  calendar = {
    bank_holidays = { type = "list of dates" },
  },
}

-- What each code means to the host (docs/plugin-api.md, "Declaring codes").
codes = {
  write_up_overdue = { label = "write-up overdue", kind = "late", severity = "breach" },
  written_up_late = { label = "written up late", kind = "over_limit", severity = "warning" },
}

local s = settings.supervision_recorded

title = "Supervision records"
rules = {
  write_up_overdue = "A supervision session is written up within " .. s.within_working_days
                     .. " working days (weekends and bank holidays do not count).",
  written_up_late = "This session was written up later than " .. s.within_working_days .. " working days.",
}

local holidays = {}
for _, date in ipairs(settings.calendar.bank_holidays) do holidays[ov.day(date)] = true end

local function working_day(d)
  return ov.weekday(d) <= 5 and not holidays[d]
end

-- The day `n` working days after `d`.
local function add_working_days(d, n)
  while n > 0 do
    d = d + 1
    if working_day(d) then n = n - 1 end
  end
  return d
end

-- Working days after `from`, up to and including `to`.
local function working_days_between(from, to)
  local n = 0
  for d = from + 1, to do
    if working_day(d) then n = n + 1 end
  end
  return n
end

function check()
  local today = ov.as_of
  for session in ov.supervisions{ from = today - s.lookback + 1, to = today } do
    local deadline = add_working_days(session.date, s.within_working_days)
    local about = session.kind .. " supervision of " .. session.worker_id .. " on " .. ov.date(session.date)
    if session.recorded_date == nil then
      if today > deadline then
        ov.report{ code = "write_up_overdue", severity = "breach", worker = session.supervisor_id,
                   case_id = session.case_id, due_date = deadline, days_overdue = today - deadline,
                   message = "The " .. about .. " is not written up; due " .. ov.date(deadline) }
      end
    elseif session.recorded_date > deadline then
      ov.report{ code = "written_up_late", severity = "warning", worker = session.supervisor_id,
                 case_id = session.case_id, due_date = deadline,
                 value = working_days_between(session.date, session.recorded_date),
                 limit = s.within_working_days,
                 message = "The " .. about .. " was written up on " .. ov.date(session.recorded_date)
                           .. ", after " .. ov.date(deadline) }
    end
  end
end
