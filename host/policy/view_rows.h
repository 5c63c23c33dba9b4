// The kinds of row the `ov` functions hand to plugins (a worker, an allocation, a
// supervision, an absence spell), each with its full list of fields declared once, here.
// Every row of a kind shares one metatable whose __index raises "no field casetype; did
// you mean case_type?" at the plugin's file:line for a name outside the list, so a
// misspelt field is an error, while an optional field the row lacks (end_date) reads nil.
// The filter values the `ov` functions accept (roles, case types, supervision kinds) are
// the data contract's; FilterValue checks one against them.
#pragma once

#include <lua.hpp>

#include <string>
#include <vector>

namespace oversight::view {

struct RowField {
  const char* name;
  const char* meaning;  // for the reference and the error message's list
};

struct RowKind {
  const char* name;     // "worker", "allocation", ...
  const char* source;   // which `ov` function hands it out
  std::vector<RowField> fields;
};

enum RowKindIndex { kWorkerRow, kAllocationRow, kSupervisionRow, kAbsenceSpellRow };

// Every kind of row, in RowKindIndex order.
const std::vector<RowKind>& RowKinds();

// Gives the table at the top of the stack the shared metatable of its kind.
void SetRowKind(lua_State* L, RowKindIndex kind);

// The closest of `known` to `name` (at most 2 edits, or a shared prefix), or empty.
std::string Closest(const std::string& name, const std::vector<std::string>& known);

// The value at `idx` must be a string among `allowed`; otherwise a Lua error naming them:
// "ov.workers: roles: \"IRO\" is not a role; use one of ... (did you mean iro?)".
const char* FilterValue(lua_State* L, int idx, const char* what, const char* noun,
                        const std::vector<std::string>& allowed);

}  // namespace oversight::view
