// A line diff (longest common subsequence between the common head and tail) shown as
// unified hunks.
#include "policy/publishing/version_diff.h"

#include <algorithm>
#include <cstdint>

namespace oversight {

namespace {

constexpr size_t kContext = 3;
constexpr size_t kLargestTable = 16 * 1000 * 1000;  // cells; past this a file shows as replaced whole

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

struct Edit {
  char op;  // ' ', '-' or '+'
  size_t a, b;  // line numbers (0-based) in before and after, at this edit
  std::string line;
};

// The edit script from `a` to `b`.
std::vector<Edit> Edits(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
  const size_t n = a.size() - head - tail, m = b.size() - head - tail;
  std::vector<Edit> out;
  for (size_t i = 0; i < head; ++i) out.push_back({' ', i, i, a[i]});
  // lcs[i][j]: the longest common subsequence of a's middle from i and b's middle from j.
  const bool table = (n + 1) * (m + 1) <= kLargestTable;
  std::vector<uint32_t> lcs(table ? (n + 1) * (m + 1) : 0, 0);
  auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
  if (table) {
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
  }
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (table && i < n && j < m && a[head + i] == b[head + j]) {
      out.push_back({' ', head + i, head + j, a[head + i]});
      ++i, ++j;
    } else if (i < n && (j == m || !table || at(i + 1, j) >= at(i, j + 1))) {
      out.push_back({'-', head + i, head + j, a[head + i]});
      ++i;
    } else {
      out.push_back({'+', head + i, head + j, b[head + j]});
      ++j;
    }
  }
  for (size_t k = 0; k < tail; ++k) out.push_back({' ', head + n + k, head + m + k, a[head + n + k]});
  return out;
}

// "-3,7": where a hunk starts (1-based; 0 for an empty side) and how many lines it has.
std::string Range(size_t start, size_t count) {
  return std::to_string(count == 0 ? start : start + 1) + "," + std::to_string(count);
}

}  // namespace

std::string UnifiedDiff(const std::string& label, const std::string& before, const std::string& after) {
  if (before == after) return "";
  const std::vector<Edit> edits = Edits(Lines(before), Lines(after));
  std::string out = "--- " + (before.empty() ? std::string("/dev/null") : label) + "\n+++ " +
                    (after.empty() ? std::string("/dev/null") : label) + "\n";
  size_t k = 0;
  while (k < edits.size()) {
    while (k < edits.size() && edits[k].op == ' ') ++k;
    if (k == edits.size()) break;
    // A hunk: from kContext lines before this change to kContext lines after the last
    // change that is no more than 2 * kContext unchanged lines from the next.
    const size_t first = k >= kContext ? k - kContext : 0;
    size_t last = k;
    for (size_t quiet = 0; last < edits.size(); ++last) {
      quiet = edits[last].op == ' ' ? quiet + 1 : 0;
      if (quiet > 2 * kContext) break;
    }
    size_t end = last;
    while (end > k && edits[end - 1].op == ' ') --end;
    end = std::min(edits.size(), end + kContext);
    size_t removed = 0, added = 0;
    std::string body;
    for (size_t e = first; e < end; ++e) {
      removed += edits[e].op != '+';
      added += edits[e].op != '-';
      body += std::string(1, edits[e].op) + edits[e].line + "\n";
    }
    out += "@@ -" + Range(edits[first].a, removed) + " +" + Range(edits[first].b, added) + " @@\n" + body;
    k = end;
  }
  return out;
}

std::vector<FileDiff> DiffPolicyFiles(const PolicyFiles& from, const PolicyFiles& to) {
  std::vector<FileDiff> out;
  for (const PolicyFile& f : to.files) {
    const PolicyFile* before = from.Find(f.kind, f.name);
    if (before && before->content == f.content) continue;
    out.push_back({f.Label(), before ? "changed" : "added", UnifiedDiff(f.Label(), before ? before->content : "", f.content)});
  }
  for (const PolicyFile& f : from.files) {
    if (!to.Find(f.kind, f.name)) out.push_back({f.Label(), "removed", UnifiedDiff(f.Label(), f.content, "")});
  }
  return out;
}

}  // namespace oversight
