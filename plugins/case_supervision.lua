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

-- The intervals in force, in words, exactly: "4 weeks" only for a whole number of weeks,
-- "30 days" otherwise; each service with its own intervals named after the rest.
local function span(n)
  if n % 7 == 0 then return (n // 7) .. (n == 7 and " week" or " weeks") end
  return n .. (n == 1 and " day" or " days")
end

local CASE_TYPE_WORDS = {
  { "CP", "a child protection plan" }, { "CIN", "a child in need" }, { "CIC", "a child in care" },
  { "CL", "a care leaver" }, { "CWD", "a child with disabilities" },
}

local function intervals_in_words(by_case_type)
  local parts = {}
  for _, t in ipairs(CASE_TYPE_WORDS) do
    if by_case_type[t[1]] then parts[#parts + 1] = span(by_case_type[t[1]]) .. " for " .. t[2] end
  end
  if #parts == 1 then return parts[1] end
  return table.concat(parts, ", ", 1, #parts - 1) .. " and " .. parts[#parts]
end

local function overdue_rule()
  local text = "Every allocated child's case is discussed in supervision at least every "
               .. intervals_in_words(s.interval) .. "."
  local services = {}
  for service in pairs(s.interval_by_service) do services[#services + 1] = service end
  table.sort(services)
  for _, service in ipairs(services) do
    text = text .. " In " .. service .. ": every " .. intervals_in_words(s.interval_by_service[service]) .. "."
  end
  return text
end

title = "Case supervision"
rules = {
  overdue = overdue_rule(),
  due_soon = "The case falls due for supervision within " .. s.due_soon_window
             .. (s.due_soon_window == 1 and " day." or " days."),
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
