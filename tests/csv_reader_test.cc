// CsvReader on the awkward inputs of data-contract.md "General rules": RFC 4180 quoting
// (commas, doubled quotes and line breaks inside quotes), a leading BOM, CRLF / LF /
// mixed line ends, empty lines, lines of commas, an unterminated quote, and UTF-8
// checking pinned to the physical line that holds the bad bytes. Also `line` (the
// physical line a record starts on) and bytes_read().
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "extract/csv_reader.h"

using namespace oversight;

namespace {

using Fields = std::vector<std::string>;
using Lines = std::vector<int64_t>;

// `bytes` written to an anonymous temporary file, rewound, closed on destruction.
class CsvInput {
 public:
  explicit CsvInput(const std::string& bytes) : file_(std::tmpfile()) {
    REQUIRE(file_ != nullptr);
    REQUIRE(std::fwrite(bytes.data(), 1, bytes.size(), file_) == bytes.size());
    std::rewind(file_);
  }
  ~CsvInput() { std::fclose(file_); }
  CsvInput(const CsvInput&) = delete;
  std::FILE* get() const { return file_; }

 private:
  std::FILE* file_;
};

// Every record of `bytes`.
std::vector<CsvRecord> ReadAll(const std::string& bytes, CsvLimits limits = CsvLimits()) {
  CsvInput in(bytes);
  CsvReader reader(in.get(), limits);
  std::vector<CsvRecord> out;
  CsvRecord r;
  while (reader.Next(&r)) out.push_back(r);
  CHECK_FALSE(reader.read_error());
  return out;
}

std::vector<Fields> FieldsOf(const std::vector<CsvRecord>& records) {
  std::vector<Fields> out;
  for (const auto& r : records) out.push_back(r.fields);
  return out;
}

Lines LinesOf(const std::vector<CsvRecord>& records) {
  Lines out;
  for (const auto& r : records) out.push_back(r.line);
  return out;
}

// The physical lines of every record's invalid UTF-8, in order.
Lines BadUtf8Lines(const std::vector<CsvRecord>& records) {
  Lines out;
  for (const auto& r : records) out.insert(out.end(), r.invalid_utf8_lines.begin(), r.invalid_utf8_lines.end());
  return out;
}

}  // namespace

TEST_CASE("plain records and their physical lines", "[csv]") {
  auto r = ReadAll("a,b,c\n1,2,3\n");
  CHECK(FieldsOf(r) == std::vector<Fields>{{"a", "b", "c"}, {"1", "2", "3"}});
  CHECK(LinesOf(r) == Lines{1, 2});
  CHECK(BadUtf8Lines(r).empty());
  CHECK_FALSE(r[0].unterminated_quote);
  CHECK_FALSE(r[1].unterminated_quote);
}

TEST_CASE("empty input has no records", "[csv]") {
  CHECK(ReadAll("").empty());
  CHECK(ReadAll("\n\n").empty());
  CHECK(ReadAll("\r\n").empty());
}

TEST_CASE("a quoted field may hold commas", "[csv]") {
  auto r = ReadAll("id,name\n1,\"Smith, Jo\"\n2,\",\"\n");
  CHECK(FieldsOf(r) == std::vector<Fields>{{"id", "name"}, {"1", "Smith, Jo"}, {"2", ","}});
}

TEST_CASE("a doubled quote inside quotes is one quote", "[csv]") {
  auto r = ReadAll("a,b\n\"say \"\"hi\"\"\",x\n\"\"\"\"\"\",\"\"\n");
  REQUIRE(r.size() == 3);
  CHECK(r[1].fields == Fields{"say \"hi\"", "x"});
  CHECK(r[2].fields == Fields{"\"\"", ""});  // """""" is two quotes; "" is empty
}

TEST_CASE("line breaks inside quotes stay in the field and count as physical lines", "[csv]") {
  SECTION("LF") {
    auto r = ReadAll("a,b\n1,\"two\nlines\"\n2,\"three\n\nlines\"\n3,x\n");
    CHECK(FieldsOf(r) ==
          std::vector<Fields>{{"a", "b"}, {"1", "two\nlines"}, {"2", "three\n\nlines"}, {"3", "x"}});
    // Record 1 starts on line 2 and spans 2-3; record 2 spans 4-6; record 3 is on 7.
    CHECK(LinesOf(r) == Lines{1, 2, 4, 7});
  }
  SECTION("CRLF inside quotes is kept as written") {
    auto r = ReadAll("a,b\r\n1,\"two\r\nlines\"\r\n3,x\r\n");
    CHECK(FieldsOf(r) == std::vector<Fields>{{"a", "b"}, {"1", "two\r\nlines"}, {"3", "x"}});
    CHECK(LinesOf(r) == Lines{1, 2, 4});
  }
}

TEST_CASE("a leading BOM is skipped", "[csv]") {
  auto r = ReadAll("\xEF\xBB\xBFteam_id,name\nT1,One\n");
  CHECK(FieldsOf(r) == std::vector<Fields>{{"team_id", "name"}, {"T1", "One"}});
  CHECK(LinesOf(r) == Lines{1, 2});
  CHECK(BadUtf8Lines(r).empty());
}

TEST_CASE("a BOM alone is an empty file", "[csv]") {
  CHECK(ReadAll("\xEF\xBB\xBF").empty());
}

TEST_CASE("a BOM anywhere but the start is kept as data", "[csv]") {
  auto r = ReadAll("a\n\xEF\xBB\xBFx\n");
  CHECK(FieldsOf(r) == std::vector<Fields>{{"a"}, {"\xEF\xBB\xBFx"}});
  CHECK(BadUtf8Lines(r).empty());  // U+FEFF is valid UTF-8
}

TEST_CASE("CRLF and LF and mixed line ends", "[csv]") {
  const std::vector<Fields> expected{{"a", "b"}, {"1", "2"}, {"3", "4"}};
  SECTION("LF") {
    auto r = ReadAll("a,b\n1,2\n3,4\n");
    CHECK(FieldsOf(r) == expected);
    CHECK(LinesOf(r) == Lines{1, 2, 3});
  }
  SECTION("CRLF") {
    auto r = ReadAll("a,b\r\n1,2\r\n3,4\r\n");
    CHECK(FieldsOf(r) == expected);
    CHECK(LinesOf(r) == Lines{1, 2, 3});
  }
  SECTION("mixed") {
    auto r = ReadAll("a,b\r\n1,2\n3,4\r\n");
    CHECK(FieldsOf(r) == expected);
    CHECK(LinesOf(r) == Lines{1, 2, 3});
  }
  SECTION("CRLF after a quoted field") {
    auto r = ReadAll("\"a\",\"b\"\r\n\"1\",\"2\"\r\n3,\"4\"\r\n");
    CHECK(FieldsOf(r) == expected);
  }
}

TEST_CASE("a last line without a line end is a record", "[csv]") {
  SECTION("unquoted") {
    auto r = ReadAll("a,b\n1,2");
    CHECK(FieldsOf(r) == std::vector<Fields>{{"a", "b"}, {"1", "2"}});
    CHECK(LinesOf(r) == Lines{1, 2});
  }
  SECTION("quoted") {
    auto r = ReadAll("a,b\r\n1,\"2\"");
    CHECK(FieldsOf(r) == std::vector<Fields>{{"a", "b"}, {"1", "2"}});
    CHECK_FALSE(r[1].unterminated_quote);
  }
}

TEST_CASE("completely empty lines are skipped and lines still count", "[csv]") {
  SECTION("LF") {
    auto r = ReadAll("a,b\n\n1,2\n\n\n3,4\n\n");
    CHECK(FieldsOf(r) == std::vector<Fields>{{"a", "b"}, {"1", "2"}, {"3", "4"}});
    CHECK(LinesOf(r) == Lines{1, 3, 6});
  }
  SECTION("CRLF") {
    auto r = ReadAll("a,b\r\n\r\n1,2\r\n\r\n\r\n3,4\r\n\r\n");
    CHECK(FieldsOf(r) == std::vector<Fields>{{"a", "b"}, {"1", "2"}, {"3", "4"}});
    CHECK(LinesOf(r) == Lines{1, 3, 6});
  }
  SECTION("empty lines before the header") {
    auto r = ReadAll("\n\r\na,b\n");
    CHECK(FieldsOf(r) == std::vector<Fields>{{"a", "b"}});
    CHECK(LinesOf(r) == Lines{3});
  }
}

TEST_CASE("a line of commas is a record of empty fields", "[csv]") {
  auto r = ReadAll("a,b,c\n,,\r\n,,\n");
  CHECK(FieldsOf(r) == std::vector<Fields>{{"a", "b", "c"}, {"", "", ""}, {"", "", ""}});
  CHECK(LinesOf(r) == Lines{1, 2, 3});
}

TEST_CASE("a quoted empty field is a record and not an empty line", "[csv]") {
  auto r = ReadAll("a\n\"\"\n");
  CHECK(FieldsOf(r) == std::vector<Fields>{{"a"}, {""}});
}

TEST_CASE("a trailing comma is one more empty field", "[csv]") {
  auto r = ReadAll("a,b,\n1,2,\r\n3,\"4\",\n5,6,");
  CHECK(FieldsOf(r) ==
        std::vector<Fields>{{"a", "b", ""}, {"1", "2", ""}, {"3", "4", ""}, {"5", "6", ""}});
}

TEST_CASE("an unterminated quote at the end of input", "[csv]") {
  auto r = ReadAll("a,b\n1,2\n3,\"four\nfive,six\n");
  REQUIRE(r.size() == 3);
  CHECK_FALSE(r[0].unterminated_quote);
  CHECK_FALSE(r[1].unterminated_quote);
  CHECK(r[2].unterminated_quote);
  CHECK(r[2].line == 3);
  CHECK(r[2].fields == Fields{"3", "four\nfive,six\n"});  // the rest of the input
}

TEST_CASE("an unterminated quote right at the end", "[csv]") {
  auto r = ReadAll("a,\"");
  REQUIRE(r.size() == 1);
  CHECK(r[0].unterminated_quote);
  CHECK(r[0].fields == Fields{"a", ""});
}

TEST_CASE("valid multi-byte UTF-8 is not reported", "[csv]") {
  // Zoë (2 bytes), € (3 bytes), 👍 (4 bytes), U+10FFFF, U+FFFD, U+D7FF (just below surrogates).
  auto r = ReadAll(
      "name,note\n"
      "Zo\xC3\xAB,\xE2\x82\xAC\n"
      "\"\xF0\x9F\x91\x8D\",\"\xF4\x8F\xBF\xBF\"\n"
      "\xEF\xBF\xBD,\xED\x9F\xBF\n"
      "\"multi\n\xC3\xAB line\",\xE0\xA0\x80\n");
  REQUIRE(r.size() == 5);
  CHECK(BadUtf8Lines(r).empty());
  CHECK(r[1].fields == Fields{"Zo\xC3\xAB", "\xE2\x82\xAC"});
  CHECK(r[2].fields == Fields{"\xF0\x9F\x91\x8D", "\xF4\x8F\xBF\xBF"});
}

TEST_CASE("invalid UTF-8 is reported on its physical line", "[csv]") {
  SECTION("a lone 0xFF") {
    auto r = ReadAll("a,b\n1,x\xFFy\n2,ok\n");
    REQUIRE(r.size() == 3);
    CHECK(r[1].invalid_utf8_lines == Lines{2});
    CHECK(r[2].invalid_utf8_lines.empty());
    CHECK(r[1].fields == Fields{"1", "x\xFFy"});  // the bytes are kept as written
  }
  SECTION("a lone continuation byte") {
    auto r = ReadAll("a\n\x80\n");
    CHECK(BadUtf8Lines(r) == Lines{2});
  }
  SECTION("a truncated two-byte sequence before a comma") {
    auto r = ReadAll("a,b\n\xC3,ok\n");
    CHECK(BadUtf8Lines(r) == Lines{2});
  }
  SECTION("a truncated three-byte sequence before the line end") {
    auto r = ReadAll("a\n\xE2\x82\nok\n");
    REQUIRE(r.size() == 3);
    CHECK(r[1].invalid_utf8_lines == Lines{2});
    CHECK(r[2].invalid_utf8_lines.empty());
  }
  SECTION("a truncated sequence before CRLF") {
    auto r = ReadAll("a\r\n\xF0\x9F\x91\r\nok\r\n");
    CHECK(BadUtf8Lines(r) == Lines{2});
  }
  SECTION("a truncated sequence at the end of input") {
    auto r = ReadAll("a\nok\n\xC3");
    REQUIRE(r.size() == 3);
    CHECK(r[2].invalid_utf8_lines == Lines{3});
  }
  SECTION("a lead byte followed by a new lead byte") {
    auto r = ReadAll("a\n\xC3\xC3\xAB\n");
    CHECK(BadUtf8Lines(r) == Lines{2});  // one line, reported once
  }
  SECTION("an overlong NUL, 0xC0 0x80") {
    auto r = ReadAll("a\nx\xC0\x80y\n");
    CHECK(BadUtf8Lines(r) == Lines{2});
  }
  SECTION("an overlong three-byte form, E0 80 AF") {
    auto r = ReadAll("a\n\xE0\x80\xAF\n");
    CHECK(BadUtf8Lines(r) == Lines{2});
  }
  SECTION("a surrogate, ED A0 80") {
    auto r = ReadAll("a\n\xED\xA0\x80\n");
    CHECK(BadUtf8Lines(r) == Lines{2});
  }
  SECTION("above U+10FFFF, F4 90 80 80 and F5") {
    auto r = ReadAll("a\n\xF4\x90\x80\x80\nok\n\xF5\x80\x80\x80\n");
    CHECK(BadUtf8Lines(r) == Lines{2, 4});
  }
  SECTION("inside a quoted field spanning lines: the line holding the bytes") {
    auto r = ReadAll("a,b\n1,\"first\nsecond\nthi\xFFrd\"\n2,ok\n");
    REQUIRE(r.size() == 3);
    CHECK(r[1].line == 2);
    CHECK(r[1].invalid_utf8_lines == Lines{4});
    CHECK(r[2].line == 5);
    CHECK(r[2].invalid_utf8_lines.empty());
  }
  SECTION("a truncated sequence cut by a line break inside quotes: the lead byte's line") {
    auto r = ReadAll("a\n\"x\n\xC3\nz\"\n");
    REQUIRE(r.size() == 2);
    CHECK(r[1].invalid_utf8_lines == Lines{3});
  }
  SECTION("several lines of one record") {
    auto r = ReadAll("a\n\"\xFF\n\xFF\xFF\nok\n\xC0\"\n");
    REQUIRE(r.size() == 2);
    CHECK(r[1].invalid_utf8_lines == Lines{2, 3, 5});
  }
  SECTION("in the header") {
    auto r = ReadAll("a\xFF,b\n1,2\n");
    CHECK(r[0].invalid_utf8_lines == Lines{1});
    CHECK(r[1].invalid_utf8_lines.empty());
  }
  SECTION("after empty lines, the line number is still physical") {
    auto r = ReadAll("a\n\n\n\xFF\n");
    REQUIRE(r.size() == 2);
    CHECK(r[1].line == 4);
    CHECK(r[1].invalid_utf8_lines == Lines{4});
  }
  SECTION("a record's report is cleared before the next record") {
    CsvInput in("a\n\xFF\nok\n");
    CsvReader reader(in.get());
    CsvRecord rec;
    REQUIRE(reader.Next(&rec));
    REQUIRE(reader.Next(&rec));
    CHECK(rec.invalid_utf8_lines == Lines{2});
    REQUIRE(reader.Next(&rec));
    CHECK(rec.invalid_utf8_lines.empty());
    CHECK_FALSE(reader.Next(&rec));
  }
}

TEST_CASE("bytes_read counts every byte consumed including the BOM", "[csv]") {
  const std::string text = "\xEF\xBB\xBF" "a,b\r\n\"x,\"\"y\"\"\",\"two\nlines\"\n\n1,2";
  CsvInput in(text);
  CsvReader reader(in.get());
  CHECK(reader.bytes_read() == 0);
  CsvRecord r;
  REQUIRE(reader.Next(&r));
  CHECK(reader.bytes_read() == 3 + 5);  // BOM, "a,b\r\n"
  int64_t last = reader.bytes_read();
  while (reader.Next(&r)) {
    CHECK(reader.bytes_read() > last);
    last = reader.bytes_read();
  }
  CHECK(reader.bytes_read() == static_cast<int64_t>(text.size()));
  CHECK_FALSE(reader.read_error());
}

TEST_CASE("records longer than the reader's buffer", "[csv]") {
  // A field of 3 MiB, larger than the 1 MiB buffer, with a multi-byte character cut by
  // every buffer boundary somewhere along the way, and a bad byte at the very end.
  std::string big;
  while (big.size() < (3u << 20)) big += "\xC3\xAB" "abc";
  std::string text = "a,b\n\"" + big + "\",x\nok,\xFF\n";
  auto r = ReadAll(text, CsvLimits{4u << 20, 8u << 20});  // limits that let the field be kept
  REQUIRE(r.size() == 3);
  CHECK(r[1].fields[0] == big);
  CHECK(r[1].invalid_utf8_lines.empty());
  CHECK(r[2].line == 3);
  CHECK(r[2].invalid_utf8_lines == Lines{3});
}

TEST_CASE("a field over its limit is read to its end but not kept", "[csv]") {
  const CsvLimits limits{8, 64};
  auto r = ReadAll("a,b,c\nx,123456789,y\n\"12345678\",\"ok\"\"\"\n\"1234\n56789\",z\nlast,1\n", limits);
  REQUIRE(r.size() == 5);
  CHECK_FALSE(r[0].overlong());
  CHECK(r[1].overlong_field == 1);
  CHECK_FALSE(r[1].overlong_record);
  CHECK(r[1].fields == Fields{"x"});  // nothing from the overlong field on
  CHECK_FALSE(r[2].overlong());       // exactly at the limit, quotes not counted
  CHECK(r[2].fields == Fields{"12345678", "ok\""});
  CHECK(r[3].overlong_field == 0);    // a line break inside quotes is a byte of the value
  CHECK(LinesOf(r) == Lines{1, 2, 3, 4, 6});
  CHECK(r[4].fields == Fields{"last", "1"});
}

TEST_CASE("a record over its limit as written is read to its end but not kept", "[csv]") {
  const CsvLimits limits{8, 16};
  auto r = ReadAll("1234,1234,1234,1\r\n1234,1234,1234,12\n,,,,,,,,,,,,,,,,,\n\"12\",\"12\",\"12\",12\nend\n", limits);
  REQUIRE(r.size() == 5);
  CHECK_FALSE(r[0].overlong());  // 16 bytes: the line end does not count
  CHECK(r[0].fields.size() == 4);
  CHECK(r[1].overlong_record);
  CHECK(r[1].overlong_field == 3);  // the field that took it over
  CHECK(r[1].fields.size() == 3);
  CHECK(r[2].overlong_record);      // separators count
  CHECK(r[2].overlong_field == 16);  // 17 commas: its 17th field ended on the 17th byte
  CHECK(r[3].overlong_record);      // quotes count as written
  CHECK(r[4].fields == Fields{"end"});
  CHECK_FALSE(r[4].overlong());
}

TEST_CASE("memory stays bounded whatever the input", "[csv]") {
  // A 40 MiB value, then a quoted one of a million lines each holding a bad byte: what
  // a record keeps stays within the default limits.
  const CsvLimits limits;
  std::string bad_lines;
  for (int i = 0; i < 1000000; ++i) bad_lines += "\xFF\n";
  auto r = ReadAll("a,b\n" + std::string(40u << 20, 'v') + ",1\n\"" + bad_lines + "\",2\nok,3\n");
  REQUIRE(r.size() == 4);
  CHECK(r[1].overlong_field == 0);
  CHECK(r[1].fields.empty());
  CHECK(r[2].overlong_field == 0);
  CHECK(r[2].invalid_utf8_lines.size() <= limits.field_bytes / 2 + 1);
  CHECK(r[2].invalid_utf8_lines.front() == 3);
  CHECK(r[3].line == 1000000 + 4);
  CHECK(r[3].fields == Fields{"ok", "3"});
}
