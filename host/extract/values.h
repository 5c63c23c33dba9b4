// Checks of single values against the data contract's types. Each returns the reason
// a non-empty value is wrong, in words for the person fixing the extract, or nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "extract/contract.h"

namespace oversight {

std::optional<std::string> CheckValue(const ColumnSpec& column, std::string_view value);

// A number as the contract writes one: digits with an optional decimal part.
std::optional<double> ParseNumber(std::string_view text);
bool IsEmailAddress(std::string_view text);

}  // namespace oversight
