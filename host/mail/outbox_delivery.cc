// Outbox delivery by SMTP or into a folder.
#include "mail/outbox_delivery.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>

namespace oversight {

int64_t BackoffSeconds(int attempts) {
  int64_t wait = 60;
  for (int i = 1; i < attempts && wait < 6 * 3600; ++i) wait *= 2;
  return std::min<int64_t>(wait, 6 * 3600);
}

DeliveryReport DeliverBySmtp(StateStore* state, const SmtpSettings& smtp, const std::string& from,
                             int64_t now, bool respect_backoff) {
  DeliveryReport report;
  auto pending = state->Pending(now, respect_backoff);
  if (!pending.ok()) {
    report.problems.push_back(pending.status().message());
    return report;
  }
  if (pending->empty()) return report;
  auto session = SmtpSession::Connect(smtp);
  if (!session.ok()) {
    for (const OutboxMessage& m : *pending) {
      state->MarkFailed(m.id, false, session.status().message(), now + BackoffSeconds(m.attempts + 1));
      ++report.retry_later;
    }
    report.problems.push_back(session.status().message() + " (" + std::to_string(pending->size()) +
                              " messages kept in the outbox for the next try)");
    return report;
  }
  for (size_t i = 0; i < pending->size(); ++i) {
    const OutboxMessage& m = (*pending)[i];
    SendOutcome o = (*session)->Send(from, m.address, m.message);
    if (o.kind == SendOutcome::Kind::kSessionFailed) {
      // The relay will take nothing now: keep this and every later message for the next try.
      for (size_t j = i; j < pending->size(); ++j) {
        const OutboxMessage& left = (*pending)[j];
        state->MarkFailed(left.id, false, o.detail, now + BackoffSeconds(left.attempts + 1));
        ++report.retry_later;
      }
      report.problems.push_back("the mail relay refused to send: " + o.detail + " (" +
                                std::to_string(pending->size() - i) + " messages kept in the outbox)");
      break;
    }
    if (o.kind == SendOutcome::Kind::kSent) {
      state->MarkDelivered(m.id, "sent");
      ++report.delivered;
    } else if (o.kind == SendOutcome::Kind::kPermanent) {
      state->MarkFailed(m.id, true, o.detail, 0);
      ++report.rejected;
      report.problems.push_back("the relay refused " + m.address + ": " + o.detail);
    } else {
      state->MarkFailed(m.id, false, o.detail, now + BackoffSeconds(m.attempts + 1));
      ++report.retry_later;
      report.problems.push_back("could not deliver to " + m.address + " now (will retry): " + o.detail);
    }
  }
  return report;
}

DeliveryReport WriteToFolder(StateStore* state, const std::string& dir) {
  DeliveryReport report;
  mkdir(dir.c_str(), 0755);
  auto pending = state->Pending(0, false);
  if (!pending.ok()) {
    report.problems.push_back(pending.status().message());
    return report;
  }
  for (const OutboxMessage& m : *pending) {
    std::string name = m.week + "-" + m.kind + "-" + m.address + ".eml";
    std::replace(name.begin(), name.end(), '/', '_');
    const std::string path = dir + "/" + name, tmp = path + ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary);
      out << m.message;
      if (!out.flush()) {
        report.problems.push_back("cannot write " + path);
        ++report.retry_later;
        continue;
      }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
      report.problems.push_back("cannot write " + path);
      ++report.retry_later;
      continue;
    }
    state->MarkDelivered(m.id, "written");
    ++report.delivered;
  }
  return report;
}

}  // namespace oversight
