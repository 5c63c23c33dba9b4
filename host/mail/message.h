// BuildMessage: one RFC 5322 email, multipart/alternative with a plain-text and an HTML
// part, both UTF-8 in base64 (no line of the body can then begin with a dot or exceed
// 78 characters). It only formats; it does not decide what an email says.
#pragma once

#include <string>

namespace oversight {

struct MailContent {
  std::string from, to;  // bare addresses
  std::string to_name;   // display name, may be empty
  std::string subject;   // UTF-8
  std::string text, html;
  std::string message_id;  // without <>; made from the content when empty
  long long date_unix = 0;  // the Date header; now when 0
};

std::string BuildMessage(const MailContent& content);
std::string Base64(const std::string& bytes, size_t line_length = 76);
// RFC 2047 encoded-word for a header value when it is not plain ASCII.
std::string EncodeHeaderWord(const std::string& text);
// Whether a message can go to `address`: an email address (IsEmailAddress) in ASCII, as
// headers and SMTP without SMTPUTF8 require.
bool IsSendableAddress(const std::string& address);
// One mailbox for a To header, `"Display Name" <address>`: an ASCII name as a quoted
// string (" and \ escaped), any other as one RFC 2047 encoded word; control characters in
// the name become spaces. Nothing in the name can add a recipient. `address` must be
// sendable: it is written as given.
std::string FormatMailbox(const std::string& name, const std::string& address);

}  // namespace oversight
