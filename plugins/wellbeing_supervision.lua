-- wellbeing_supervision: every worker has well-being supervision every `interval` days.
-- Time away stops the clock: absent days since the last session are added to the due date.
-- Workers away today are not chased. Settings: config/policy.lua, wellbeing_supervision.

-- What the settings must look like (`oversight policy check` holds them to it).
settings_spec = {
  wellbeing_supervision = {
    interval = { type = "days", min = 1 },
    roles = { type = "roles" },
    counting_kinds = { type = "kinds" },
    due_soon_window = { type = "days", min = 0 },
  },
}

-- What each code means to the host (docs/plugin-api.md, "Declaring codes"). Who is in
-- scope of the well-being figure is marked: ov.mark{ as = "wellbeing_scope" }.
codes = {
  overdue = { label = "overdue", kind = "late", severity = "breach", counts = "worker not in time" },
  due_soon = { label = "due soon", kind = "late", severity = "warning" },
}

local s = settings.wellbeing_supervision

title = "Well-being supervision"
rules = {
  overdue = "Every worker has well-being supervision at least every " .. s.interval
            .. " days; time away stops the clock.",
  due_soon = "Well-being supervision falls due within " .. s.due_soon_window .. " days.",
}

-- A due-soon worker who is not supervised becomes overdue: the same item, week to week.
escalation = { due_soon = "overdue" }

function check()
  local today = ov.as_of
  for _, w in ipairs(ov.workers{ roles = s.roles, employed = true }) do
    if not w.absent then
      ov.mark{ worker = w.id, as = "wellbeing_scope" }
      local last = ov.latest_supervision{ worker = w.id, kinds = s.counting_kinds,
                                          from = w.start_date, to = today }
      local base = last or w.start_date
      local due = base + s.interval + ov.absent_days(w.id, base + 1, today)
      local since = last and ("last well-being supervision " .. ov.date(base))
                    or ("no well-being supervision since starting on " .. ov.date(base))
      if today > due then
        ov.report{ code = "overdue", severity = "breach", worker = w.id, due_date = due,
                   days_overdue = today - due,
                   message = w.id .. ": " .. since .. "; due " .. ov.date(due) }
      elseif due < today + s.due_soon_window then
        ov.report{ code = "due_soon", severity = "warning", worker = w.id, due_date = due,
                   message = w.id .. ": " .. since .. "; due " .. ov.date(due) }
      end
    end
  end
end
