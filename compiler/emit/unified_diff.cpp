#include "emit/unified_diff.hpp"

#include <fmt/format.h>

#include <vector>

namespace strata::emit {
namespace {

constexpr int kMaxEdits = 2000;
constexpr int kContext = 3;

std::vector<std::string_view> lines_of(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t nl = s.find('\n', start);
    std::size_t end = nl == std::string_view::npos ? s.size() : nl + 1;
    out.push_back(s.substr(start, end - start));
    start = end;
  }
  return out;
}

enum class Op : char { Keep = ' ', Del = '-', Add = '+' };

// Myers' O(ND) shortest edit script; false when it needs more than kMaxEdits.
bool edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b, std::vector<Op>& ops) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  // trace[d] holds x for diagonals k = -d..d (index k + d) after d edits.
  std::vector<std::vector<int>> trace;
  std::vector<int> prev;
  int found = -1;
  for (int d = 0; d <= std::min(n + m, kMaxEdits); ++d) {
    std::vector<int> v(static_cast<std::size_t>(2 * d + 1));
    for (int k = -d; k <= d; k += 2) {
      auto at = [&](int kk) { return prev[static_cast<std::size_t>(kk + d - 1)]; };
      int x;
      if (d == 0) x = 0;
      else if (k == -d || (k != d && at(k - 1) < at(k + 1))) x = at(k + 1);
      else x = at(k - 1) + 1;
      int y = x - k;
      while (x < n && y < m && a[static_cast<std::size_t>(x)] == b[static_cast<std::size_t>(y)]) ++x, ++y;
      v[static_cast<std::size_t>(k + d)] = x;
      if (x >= n && y >= m) found = d;
    }
    trace.push_back(v);
    prev = std::move(v);
    if (found >= 0) break;
  }
  if (found < 0) return false;
  // Walk back from (n, m).
  std::vector<Op> rev;
  int x = n, y = m;
  for (int d = found; d > 0; --d) {
    const std::vector<int>& pv = trace[static_cast<std::size_t>(d - 1)];
    auto at = [&](int kk) { return pv[static_cast<std::size_t>(kk + d - 1)]; };
    int k = x - y;
    bool down = k == -d || (k != d && at(k - 1) < at(k + 1));
    int pk = down ? k + 1 : k - 1;
    int px = at(pk), py = px - pk;
    int sx = down ? px : px + 1;  // where the snake of this step starts
    while (x > sx) rev.push_back(Op::Keep), --x, --y;
    rev.push_back(down ? Op::Add : Op::Del);
    x = px, y = py;
  }
  while (x > 0) rev.push_back(Op::Keep), --x, --y;
  ops.assign(rev.rbegin(), rev.rend());
  return true;
}

void append_line(std::string& out, char prefix, std::string_view line) {
  out += prefix;
  out += line;
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, std::string_view label_before,
                         std::string_view label_after) {
  if (before == after) return {};
  std::vector<std::string_view> a = lines_of(before), b = lines_of(after);
  std::string out = fmt::format("--- {}\n+++ {}\n", label_before, label_after);
  std::vector<Op> ops;
  if (!edit_script(a, b, ops)) {
    out += fmt::format("@@ the files differ in more than {} lines ({} lines before, {} after) @@\n", kMaxEdits,
                       a.size(), b.size());
    return out;
  }
  // Positions in a and b before each op.
  std::vector<std::pair<int, int>> pos;
  int ia = 0, ib = 0;
  for (Op op : ops) {
    pos.emplace_back(ia, ib);
    if (op != Op::Add) ++ia;
    if (op != Op::Del) ++ib;
  }
  const int total = static_cast<int>(ops.size());
  int i = 0;
  while (i < total) {
    if (ops[static_cast<std::size_t>(i)] == Op::Keep) {
      ++i;
      continue;
    }
    // A hunk: from kContext before this change to kContext after the last
    // change that lies within 2 * kContext of the previous one.
    int start = std::max(0, i - kContext);
    int end = i;
    while (true) {
      while (end < total && ops[static_cast<std::size_t>(end)] != Op::Keep) ++end;
      int next = end;
      while (next < total && ops[static_cast<std::size_t>(next)] == Op::Keep && next - end < 2 * kContext + 1) ++next;
      if (next < total && ops[static_cast<std::size_t>(next)] != Op::Keep) {
        end = next;
        continue;
      }
      end = std::min(total, end + kContext);
      break;
    }
    int a_start = pos[static_cast<std::size_t>(start)].first, b_start = pos[static_cast<std::size_t>(start)].second;
    int a_len = 0, b_len = 0;
    for (int j = start; j < end; ++j) {
      Op op = ops[static_cast<std::size_t>(j)];
      if (op != Op::Add) ++a_len;
      if (op != Op::Del) ++b_len;
    }
    out += fmt::format("@@ -{},{} +{},{} @@\n", a_len ? a_start + 1 : a_start, a_len, b_len ? b_start + 1 : b_start,
                       b_len);
    for (int j = start; j < end; ++j) {
      Op op = ops[static_cast<std::size_t>(j)];
      auto [pa, pb] = pos[static_cast<std::size_t>(j)];
      append_line(out, static_cast<char>(op), op == Op::Add ? b[static_cast<std::size_t>(pb)] : a[static_cast<std::size_t>(pa)]);
    }
    i = end;
  }
  return out;
}

}  // namespace strata::emit
