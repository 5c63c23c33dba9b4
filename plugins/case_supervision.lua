-- case_supervision: every allocated child's case is discussed in supervision in time.
-- For each key-worker allocation open on the day: a holder who has left is a breach;
-- otherwise the case is due `interval` days after its last case supervision with that
-- worker (or after the allocation started, when there has been none).
-- Settings: config/policy.lua, case_supervision.

-- What the settings must look like (`oversight policy check` holds them to it).
settings_spec = {
  case_supervision = {
    interval = { type = "days by case type", min = 1 },
    interval_by_service = { type = "days by service and case type", min = 1 },
    counting_kinds = { type = "kinds" },
    due_soon_window = { type = "days", min = 0 },
  },
}

-- What each code means to the host: what an email calls it, its kind and severity, and
-- what it does to the figures (docs/plugin-api.md, "Declaring codes").
codes = {
  overdue = { label = "overdue", kind = "late", severity = "breach", counts = "case not in time" },
  due_soon = { label = "due soon", kind = "late", severity = "warning" },
  holder_not_employed = { label = "allocated to someone who has left", kind = "missing", severity = "breach",
                          counts = "case not in time" },
}

local s = settings.case_supervision

title = "Case supervision"
rules = {
  overdue = "Every allocated child's case is discussed in supervision at least every "
            .. s.interval.CP // 7 .. " weeks for a child protection plan, " .. s.interval.CIN // 7
            .. " for a child in need, " .. s.interval.CIC // 7 .. " for a child in care, "
            .. s.interval.CL // 7 .. " for a care leaver and " .. s.interval.CWD // 7
            .. " for a child with disabilities.",
  due_soon = "The case falls due for supervision within " .. s.due_soon_window .. " days.",
  holder_not_employed = "A child's case is allocated to someone who is not employed: reallocate it.",
}

-- A case due soon that is not supervised becomes overdue: the same item, week to week.
escalation = { due_soon = "overdue" }

local function interval_for(allocation)
  local by_service = s.interval_by_service[allocation.service]
  return (by_service and by_service[allocation.case_type]) or s.interval[allocation.case_type]
end

function check()
  local today = ov.as_of
  for a in ov.allocations{ role = "key_worker", latest_supervision = { kinds = s.counting_kinds } } do
    if not a.holder_employed then
      ov.report{ code = "holder_not_employed", severity = "breach", worker = a.worker_id,
                 case_id = a.case_id,
                 message = "Case " .. a.case_id .. " (" .. a.case_type .. ") is allocated to "
                           .. a.worker_id .. ", who is not employed" }
    else
      local base = a.last_supervised or a.start_date
      local due = base + interval_for(a)
      local since = a.last_supervised and ("last supervised " .. ov.date(base))
                    or ("not supervised since allocation on " .. ov.date(base))
      if today > due then
        ov.report{ code = "overdue", severity = "breach", worker = a.worker_id, case_id = a.case_id,
                   due_date = due, days_overdue = today - due,
                   message = "Case " .. a.case_id .. " (" .. a.case_type .. ") " .. since
                             .. "; due " .. ov.date(due) }
      elseif due < today + s.due_soon_window then
        ov.report{ code = "due_soon", severity = "warning", worker = a.worker_id, case_id = a.case_id,
                   due_date = due,
                   message = "Case " .. a.case_id .. " (" .. a.case_type .. ") " .. since
                             .. "; due " .. ov.date(due) }
      end
    end
  end
end
