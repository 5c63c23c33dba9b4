// UTF-8 checks for text that crosses a boundary (what a plugin reports, what the host
// writes as JSON). Not a text library: no case folding, no normalisation.
#pragma once

#include <string>
#include <string_view>

namespace oversight {

// Whether `s` is well-formed UTF-8 (no overlong forms, surrogates or code points above
// U+10FFFF), as RFC 3629 defines it.
bool ValidUtf8(std::string_view s);

// `s` with every ill-formed sequence replaced by U+FFFD.
std::string WithValidUtf8(std::string_view s);

}  // namespace oversight
