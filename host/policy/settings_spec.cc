// The settings validator is mechanism written in Lua (walking tables is what Lua is for),
// compiled into the host and run in the plugin's own sandbox.
#include "policy/settings_spec.h"

#include <cstring>

#include "extract/contract.h"

namespace oversight {

namespace {

const char* kValidator = R"LUA(
local settings, spec, file, role_list, kind_list, CASE_TYPES = ...  -- the lists: the data contract's
local problems, sections = {}, {}
local ROLES, KINDS = {}, {}
for _, r in ipairs(role_list) do ROLES[r] = true end
for _, k in ipairs(kind_list) do KINDS[k] = true end

local function problem(msg) problems[#problems + 1] = file .. ": " .. msg end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = tostring(k) end
  table.sort(keys)
  return keys
end

local function distance(a, b)
  local prev = {}
  for j = 0, #b do prev[j] = j end
  for i = 1, #a do
    local cur = { [0] = i }
    for j = 1, #b do
      local cost = a:sub(i, i) == b:sub(j, j) and 0 or 1
      cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
    end
    prev = cur
  end
  return prev[#b]
end

local function suggestion(name, known)
  local best, best_d
  for _, k in ipairs(sorted_keys(known)) do
    local d = distance(name, k)
    if d <= 2 and (not best_d or d < best_d) then best, best_d = k, d end
  end
  return best and (" (did you mean " .. best .. "?)") or ""
end

local function is_date(s)
  if type(s) ~= "string" or not s:match("^%d%d%d%d%-%d%d%-%d%d$") then return false end
  local y, m, d = tonumber(s:sub(1, 4)), tonumber(s:sub(6, 7)), tonumber(s:sub(9, 10))
  local mdays = { 31, (y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0)) and 29 or 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }
  return m >= 1 and m <= 12 and d >= 1 and d <= mdays[m]
end

local check
local types = {}

function types.days(path, v, s)
  if math.type(v) ~= "integer" then return path .. " must be a whole number of days, such as days(28) or weeks(4)" end
  local min = s.min or 0
  if v < min then return path .. " is " .. v .. ": it must be at least " .. min .. (min == 1 and " day" or " days") end
  if s.max and v > s.max then return path .. " is " .. v .. ": it must be at most " .. s.max .. " days" end
end

function types.number(path, v, s)
  if type(v) ~= "number" then return path .. " must be a number" end
  if s.min and v < s.min then return path .. " is " .. v .. ": it must be at least " .. s.min end
  if s.max and v > s.max then return path .. " is " .. v .. ": it must be at most " .. s.max end
end

types["positive number"] = function(path, v, s)
  if type(v) ~= "number" then return path .. " must be a number" end
  if not (v > 0) then return path .. " is " .. v .. ": it must be more than 0" end
  if s.max and v > s.max then return path .. " is " .. v .. ": it must be at most " .. s.max end
end

function types.share(path, v)
  if type(v) ~= "number" or not (v > 0 and v <= 1) then
    return path .. " must be a share between 0 and 1 (0.9 for 90%), not " .. tostring(v)
  end
end

function types.boolean(path, v)
  if type(v) ~= "boolean" then return path .. " must be true or false" end
end

function types.text(path, v)
  if type(v) ~= "string" or v == "" then return path .. " must be some text in quotes" end
end

local function name_list(path, v, allowed, what)
  if type(v) ~= "table" or #v == 0 then return path .. " must be a list of " .. what .. ", such as { \"" .. sorted_keys(allowed)[1] .. "\" }" end
  for i, name in ipairs(v) do
    if not allowed[name] then
      return path .. "[" .. i .. "] is " .. tostring(name) .. ": not one of " .. table.concat(sorted_keys(allowed), ", ") .. suggestion(tostring(name), allowed)
    end
  end
end

function types.roles(path, v) return name_list(path, v, ROLES, "roles") end
function types.kinds(path, v) return name_list(path, v, KINDS, "supervision kinds") end
types["case types"] = function(path, v)
  local known = {}
  for _, t in ipairs(CASE_TYPES) do known[t] = true end
  return name_list(path, v, known, "case types")
end

local function by_case_type(path, v, s, element, partial)
  if type(v) ~= "table" then return path .. " must be a table by case type, such as { CP = ..., CIN = ... }" end
  local known = {}
  for _, t in ipairs(CASE_TYPES) do known[t] = true end
  for _, k in ipairs(sorted_keys(v)) do
    if not known[k] then return path .. "." .. k .. ": not a case type (" .. table.concat(CASE_TYPES, ", ") .. ")" .. suggestion(k, known) end
  end
  for _, t in ipairs(CASE_TYPES) do
    if v[t] == nil then
      if not partial then return path .. "." .. t .. " is missing: every case type needs a value" end
    else
      local msg = types[element](path .. "." .. t, v[t], s)
      if msg then return msg end
    end
  end
end

types["days by case type"] = function(path, v, s) return by_case_type(path, v, s, "days", false) end
types["numbers by case type"] = function(path, v, s) return by_case_type(path, v, s, "number", false) end
types["days by service and case type"] = function(path, v, s)
  if type(v) ~= "table" then return path .. " must be a table by service name" end
  for _, service in ipairs(sorted_keys(v)) do
    local msg = by_case_type(path .. "[\"" .. service .. "\"]", v[service], s, "days", true)
    if msg then return msg end
  end
end

types.cadence = function(path, v, s)
  if type(v) ~= "table" or #v == 0 then return path .. " must be a list of steps { before_day = ..., every = ... }" end
  local last = -1
  for i, step in ipairs(v) do
    if type(step) ~= "table" then return path .. "[" .. i .. "] must be a step { before_day = ..., every = ... }" end
    local msg = types.days(path .. "[" .. i .. "].every", step.every, { min = 1 })
    if msg then return msg end
    if step.before_day ~= nil then
      msg = types.days(path .. "[" .. i .. "].before_day", step.before_day, { min = 1 })
      if msg then return msg end
      if step.before_day <= last then return path .. "[" .. i .. "].before_day must be later than the step before" end
      last = step.before_day
    elseif i ~= #v then
      return path .. "[" .. i .. "] has no before_day: only the last step may go on for ever"
    end
  end
  if v[#v].before_day ~= nil then return path .. ": the last step must have no before_day (it applies after the others)" end
end

types["list of days"] = function(path, v, s)
  if type(v) ~= "table" or #v == 0 then return path .. " must be a list of days, such as { days(91), days(182) }" end
  for i, d in ipairs(v) do
    local msg = types.days(path .. "[" .. i .. "]", d, { min = s.min or 1 })
    if msg then return msg end
    if i > 1 and d <= v[i - 1] then return path .. "[" .. i .. "] must come after " .. path .. "[" .. (i - 1) .. "]" end
  end
end

types["list of dates"] = function(path, v)
  if type(v) ~= "table" then return path .. " must be a list of dates \"YYYY-MM-DD\"" end
  for i, d in ipairs(v) do
    if not is_date(d) then return path .. "[" .. i .. "] is " .. tostring(d) .. ": not a real date written \"YYYY-MM-DD\"" end
  end
end

for _, section in ipairs(sorted_keys(spec)) do
  sections[#sections + 1] = section
  local wanted, values = spec[section], settings[section]
  if type(values) ~= "table" then
    problem(section .. " is missing: the settings need a section " .. section .. " = { ... }")
  else
    for _, key in ipairs(sorted_keys(wanted)) do
      local s = wanted[key]
      local path = section .. "." .. key
      if values[key] == nil then
        if not s.optional then problem(path .. " is missing") end
      elseif not types[s.type] then
        problem(path .. ": the plugin's settings_spec names an unknown type \"" .. tostring(s.type) .. "\"")
      else
        local msg = types[s.type](path, values[key], s)
        if msg then problem(msg) end
      end
    end
    local known = { enabled = true }
    for k in pairs(wanted) do known[k] = true end
    for _, key in ipairs(sorted_keys(values)) do
      if not known[key] then problem(section .. "." .. key .. ": unknown setting" .. suggestion(key, known)) end
    end
    if values.enabled ~= nil and type(values.enabled) ~= "boolean" then
      problem(section .. ".enabled must be true or false")
    end
  end
end
return problems, sections
)LUA";

void PushList(lua_State* L, const std::vector<std::string>& values) {
  lua_createtable(L, static_cast<int>(values.size()), 0);
  for (size_t i = 0; i < values.size(); ++i) {
    lua_pushstring(L, values[i].c_str());
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
}

void ReadStrings(lua_State* L, int index, std::vector<std::string>* out) {
  if (!lua_istable(L, index)) return;
  for (lua_Integer i = 1;; ++i) {
    lua_rawgeti(L, index, i);
    if (lua_type(L, -1) != LUA_TSTRING) {
      lua_pop(L, 1);
      return;
    }
    out->emplace_back(lua_tostring(L, -1));
    lua_pop(L, 1);
  }
}

}  // namespace

Status ValidateSettings(LuaSandbox* sandbox, int env, const std::string& settings_path,
                        std::vector<std::string>* problems, std::vector<std::string>* sections) {
  lua_State* L = sandbox->state();
  const int top = lua_gettop(L);
  lua_pushliteral(L, "settings_spec");
  lua_rawget(L, env);
  if (lua_isnil(L, -1)) {
    lua_settop(L, top);
    return Status::Ok();  // a plugin with no settings of its own
  }
  if (!lua_istable(L, -1)) {
    lua_settop(L, top);
    return Status::Error("settings_spec must be a table");
  }
  int spec = lua_gettop(L);
  if (luaL_loadbufferx(L, kValidator, std::strlen(kValidator), "=settings validator", "t") != LUA_OK) {
    std::string err = lua_tostring(L, -1);
    lua_settop(L, top);
    return Status::Error(err);
  }
  sandbox->PushEnvironment();
  lua_setupvalue(L, -2, 1);
  lua_pushliteral(L, "settings");
  lua_rawget(L, env);
  lua_pushvalue(L, spec);
  lua_pushstring(L, settings_path.c_str());
  PushList(L, AllowedValues(kWorkers, "role"));
  PushList(L, AllowedValues(kSupervisions, "kind"));
  PushList(L, AllowedValues(kAllocations, "case_type"));
  if (Status s = sandbox->Call(6, 2); !s.ok()) {
    lua_settop(L, top);
    return s.WithContext("checking the settings");
  }
  ReadStrings(L, -2, problems);
  ReadStrings(L, -1, sections);
  lua_settop(L, top);
  return Status::Ok();
}

}  // namespace oversight
