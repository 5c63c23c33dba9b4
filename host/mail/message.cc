// MIME assembly with CRLF line ends.
#include "mail/message.h"

#include <Poco/SHA2Engine.h>

#include <ctime>

#include "common/utf8.h"
#include "extract/values.h"

namespace oversight {

std::string Base64(const std::string& in, size_t line_length) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t col = 0;
  auto put = [&](char c) {
    if (line_length && col == line_length) {
      out += "\r\n";
      col = 0;
    }
    out += c;
    ++col;
  };
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    put(kAlphabet[(v >> 18) & 63]);
    put(kAlphabet[(v >> 12) & 63]);
    put(kAlphabet[(v >> 6) & 63]);
    put(kAlphabet[v & 63]);
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    put(kAlphabet[(v >> 18) & 63]);
    put(kAlphabet[(v >> 12) & 63]);
    put(i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=');
    put('=');
  }
  return out;
}

std::string EncodeHeaderWord(const std::string& text) {
  bool plain = true;
  for (unsigned char c : text) plain = plain && c >= 0x20 && c < 0x7F;
  if (plain && text.size() < 900) return text;
  // Encoded words of at most 75 characters, folded onto continuation lines; each holds
  // whole UTF-8 characters.
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = std::min(text.size(), i + 42);
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    out += (out.empty() ? "" : "\r\n ") + std::string("=?UTF-8?B?") + Base64(text.substr(i, end - i), 0) + "?=";
    i = end;
  }
  return out;
}

bool IsSendableAddress(const std::string& address) {
  for (char c : address) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return IsEmailAddress(address);
}

// A name longer than this is cut (at a character): it still fits a header line.
constexpr size_t kMaxDisplayName = 512;

std::string FormatMailbox(const std::string& name, const std::string& address) {
  std::string clean = WithValidUtf8(name);
  if (clean.size() > kMaxDisplayName) {
    size_t end = kMaxDisplayName;
    while (end > 0 && (static_cast<unsigned char>(clean[end]) & 0xC0) == 0x80) --end;
    clean.resize(end);
  }
  bool ascii = true;
  for (char& c : clean) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) c = ' ';
    ascii = ascii && u < 0x80;
  }
  if (clean.find_first_not_of(' ') == std::string::npos) return "<" + address + ">";
  std::string phrase;
  if (ascii && clean.find("=?") == std::string::npos) {
    phrase = "\"";
    for (char c : clean) {
      if (c == '"' || c == '\\') phrase += '\\';
      phrase += c;
    }
    phrase += '"';
  } else {
    // One encoded word for the whole name: decoders put a space between adjacent ones
    // in a phrase, which would change the name.
    phrase = "=?UTF-8?B?" + Base64(clean, 0) + "?=";
  }
  // Folded before the address when long, so no line nears the limit of 998.
  return phrase + (phrase.size() + address.size() > 70 ? "\r\n <" : " <") + address + ">";
}

static std::string Rfc5322Date(long long t) {
  std::time_t tt = static_cast<std::time_t>(t ? t : std::time(nullptr));
  std::tm utc{};
  gmtime_r(&tt, &utc);
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday], utc.tm_mday,
                kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  return buf;
}

std::string BuildMessage(const MailContent& c) {
  Poco::SHA2Engine sha;
  sha.update(c.to + "\n" + c.subject + "\n" + c.text);
  const std::string digest = Poco::DigestEngine::digestToHex(sha.digest());
  const std::string boundary = "=_oversight_" + digest.substr(0, 24);
  std::string domain = c.from.substr(c.from.find('@') + 1);
  const std::string id = c.message_id.empty() ? digest.substr(0, 32) + "@" + domain : c.message_id;
  std::string m;
  m += "From: Oversight <" + c.from + ">\r\n";
  m += "To: " + FormatMailbox(c.to_name, c.to) + "\r\n";
  m += "Subject: " + EncodeHeaderWord(c.subject) + "\r\n";
  m += "Date: " + Rfc5322Date(c.date_unix) + "\r\n";
  m += "Message-ID: <" + id + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  m += "This is a message in MIME format: a plain-text and an HTML version.\r\n";
  for (const auto& [type, body] : {std::pair{"text/plain", &c.text}, std::pair{"text/html", &c.html}}) {
    m += "\r\n--" + boundary + "\r\n";
    m += std::string("Content-Type: ") + type + "; charset=utf-8\r\n";
    m += "Content-Transfer-Encoding: base64\r\n\r\n";
    m += Base64(*body) + "\r\n";
  }
  m += "\r\n--" + boundary + "--\r\n";
  return m;
}

}  // namespace oversight
