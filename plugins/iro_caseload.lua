-- iro_caseload: an Independent Reviewing Officer holds at most `max_per_fte` children per
-- full-time post (IRO Handbook 2010). Counts distinct children, pro rata to fte.
-- Settings: config/policy.lua, iro_caseload.

-- What the settings must look like (`oversight policy check` holds them to it).
settings_spec = {
  iro_caseload = {
    max_per_fte = { type = "positive number" },
    min_per_fte = { type = "positive number" },
  },
}

-- What each code means to the host (docs/plugin-api.md, "Declaring codes"). Each IRO's
-- limit and the floor of their range are marked for the capacity table and the planner.
codes = {
  over_limit = { label = "over the limit", kind = "over_limit", severity = "breach", counts = "worker over limit" },
}

local s = settings.iro_caseload

-- The range per full-time IRO, for the service's figures (FTE needed at each end).
figures = { iro_max_per_fte = s.max_per_fte, iro_min_per_fte = s.min_per_fte }

title = "IRO caseload"
rules = {
  over_limit = "An IRO holds at most " .. s.max_per_fte .. " children per full-time post (IRO Handbook 2010).",
}

function check()
  for _, w in ipairs(ov.workers{ roles = { "iro" }, employed = true }) do
    local n = ov.distinct_cases{ worker = w.id, role = "iro" }
    local limit = s.max_per_fte * w.fte
    ov.mark{ worker = w.id, as = "limit", value = limit }
    ov.mark{ worker = w.id, as = "floor", value = s.min_per_fte * w.fte }
    if n > ov.round2(limit) then
      ov.report{ code = "over_limit", severity = "breach", worker = w.id, value = n, limit = limit,
                 message = w.id .. " reviews " .. n .. " children; the limit at " .. w.fte
                           .. " FTE is " .. ov.round2(limit) }
    end
  end
end
