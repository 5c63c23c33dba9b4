// The dashboard's rules without HTTP: who may see which team, worker and absences, who may sign in, how
// sessions expire and how many there may be, how sign-in attempts are limited, the
// sign-in form's signed token, that passwords are hashed and changing one ends sessions.
#include <catch2/catch.hpp>

#include <thread>

#include "state/state_store.h"
#include "test_support.h"
#include "web/access.h"
#include "web/sessions.h"
#include "web/sign_in_form.h"
#include "web/users.h"

using namespace oversight;
using namespace oversight::test;

TEST_CASE("a manager sees the teams under their worker, admin and hr see all", "[web]") {
  TempDir dir;
  Extract x = SmallCouncil();
  // H1 heads T0 (itself) and, through M1 and M2, T1 and T2; M2 left on 2024-01-31.
  x["teams.csv"] += "T2,Team Two,Children in Care,M2\n";
  x["workers.csv"] += "M2,Manager Two,m2@council.example,team_manager,T2,H1,1.0,2020-01-01,2024-01-31,\n";
  ImportReport report;
  REQUIRE(ImportExtractText(dir, x, &report).ok());
  auto db = Database::Open(dir.File("store.db"), Database::Mode::kReadOnly);
  REQUIRE(db.ok());
  auto org = Organisation::Load(&*db);
  REQUIRE(org.ok());
  const Team& t0 = org->team(org->FindTeam("T0"));
  const Team& t1 = org->team(org->FindTeam("T1"));
  const Team& t2 = org->team(org->FindTeam("T2"));
  User m1{"m1", "manager", "M1"}, head{"h1", "manager", "H1"}, m2{"m2", "manager", "M2"};
  User admin{"a", "admin", ""}, hr{"hr", "hr", ""}, nobody{"x", "manager", "NOBODY"};
  CHECK(MaySeeTeam(*org, m1, t1));
  CHECK_FALSE(MaySeeTeam(*org, m1, t2));
  CHECK_FALSE(MaySeeTeam(*org, m1, t0));
  for (const Team* t : {&t0, &t1, &t2}) {
    CHECK(MaySeeTeam(*org, head, *t));
    CHECK(MaySeeTeam(*org, admin, *t));
    CHECK(MaySeeTeam(*org, hr, *t));
    CHECK_FALSE(MaySeeTeam(*org, nobody, *t));
  }
  const Day d = *ParseDate("2024-03-01");
  CHECK(MaySignIn(*org, m1, d));
  CHECK_FALSE(MaySignIn(*org, m2, d));                       // their worker has left
  CHECK(MaySignIn(*org, m2, *ParseDate("2024-01-15")));      // before they left
  CHECK_FALSE(MaySignIn(*org, nobody, d));
  CHECK(MaySignIn(*org, admin, d));

  // A worker's page follows their team; their absences only managers above them see.
  const Worker& s1 = org->worker(org->FindWorker("S1"));
  const Worker& m1w = org->worker(org->FindWorker("M1"));
  CHECK(MaySeeWorker(*org, m1, s1));
  CHECK(MaySeeWorker(*org, head, s1));
  CHECK(MaySeeWorker(*org, hr, s1));
  CHECK_FALSE(MaySeeWorker(*org, m2, s1));
  CHECK_FALSE(MaySeeWorker(*org, nobody, s1));
  CHECK(MaySeeAbsences(*org, m1, s1));
  CHECK(MaySeeAbsences(*org, head, s1));
  CHECK(MaySeeAbsences(*org, head, m1w));
  CHECK_FALSE(MaySeeAbsences(*org, m1, m1w));  // above in the line, not the worker themself
  CHECK_FALSE(MaySeeAbsences(*org, m2, s1));
  CHECK_FALSE(MaySeeAbsences(*org, hr, s1));     // HR and admins see the pages, not the absences
  CHECK_FALSE(MaySeeAbsences(*org, admin, s1));
  CHECK_FALSE(MaySeeAbsences(*org, nobody, s1));
}

TEST_CASE("passwords are kept as Argon2id hashes and checked", "[web]") {
  TempDir dir;
  auto state = StateStore::Open(dir.File("store.db"));
  REQUIRE(state.ok());
  UserStore users(&*state);
  REQUIRE(users.Add({"tm1", "manager", "M1"}, "correct horse battery").ok());
  CHECK_FALSE(users.Add({"tm1", "manager", "M1"}, "correct horse battery").ok());  // taken
  CHECK_FALSE(users.Add({"x", "owner", ""}, "correct horse battery").ok());        // no such role
  CHECK_FALSE(users.Add({"y", "manager", ""}, "correct horse battery").ok());      // manager without worker
  CHECK_FALSE(users.Add({"z", "hr", ""}, "short").ok());
  auto ok = users.Verify("tm1", "correct horse battery");
  REQUIRE(ok);
  CHECK(ok->worker_id == "M1");
  CHECK_FALSE(users.Verify("tm1", "correct horse batterY"));
  CHECK_FALSE(users.Verify("nobody", "correct horse battery"));
  auto q = state->db().Prepare("SELECT password_hash FROM users WHERE username = 'tm1'");
  REQUIRE(q.ok());
  REQUIRE(q->Step());
  const std::string hash = q->Text(0);
  CHECK(hash.rfind("$argon2id$", 0) == 0);
  CHECK(hash.find("correct horse battery") == std::string::npos);
}

TEST_CASE("sessions expire and tokens are unguessable", "[web]") {
  SessionTable sessions(std::chrono::seconds(1));
  Session s = sessions.Create(User{"a", "admin", ""});
  CHECK(s.token.size() == 64);
  CHECK(s.token != s.csrf);
  CHECK(sessions.Create(std::nullopt).token != s.token);
  REQUIRE(sessions.Find(s.token));
  CHECK(sessions.Find(s.token)->user->username == "a");
  CHECK_FALSE(sessions.Find("not-a-token"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  CHECK_FALSE(sessions.Find(s.token));
  CHECK(SameToken("abc", "abc"));
  CHECK_FALSE(SameToken("abc", "abd"));
  CHECK_FALSE(SameToken("abc", "abcd"));
}

TEST_CASE("five failed sign-ins in a window, then refused until it passes", "[web]") {
  AttemptLimiter limiter(5, std::chrono::seconds(1));
  CHECK(limiter.Attempt("user:tm1"));
  limiter.Succeeded("user:tm1");  // a success does not count against the user
  for (int i = 0; i < 5; ++i) CHECK(limiter.Attempt("user:tm1"));
  CHECK_FALSE(limiter.Attempt("user:tm1"));  // the sixth
  CHECK(limiter.Attempt("user:other"));      // per key
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  CHECK(limiter.Attempt("user:tm1"));
}

TEST_CASE("a new password or a re-created user draws a new credential", "[web]") {
  TempDir dir;
  auto state = StateStore::Open(dir.File("store.db"));
  REQUIRE(state.ok());
  UserStore users(&*state);
  REQUIRE(users.Add({"hr1", "hr", ""}, "first password 1").ok());
  const auto before = users.Find("hr1");
  REQUIRE(before);
  CHECK(before->credential.size() == 64);
  REQUIRE(users.Verify("hr1", "first password 1"));
  CHECK(users.Verify("hr1", "first password 1")->credential == before->credential);
  CHECK_FALSE(users.SetPassword("hr1", "short").ok());
  CHECK(users.Find("hr1")->credential == before->credential);  // nothing changed
  CHECK_FALSE(users.SetPassword("nobody", "second password 2").ok());
  REQUIRE(users.SetPassword("hr1", "second password 2").ok());
  const auto after = users.Find("hr1");
  CHECK(after->credential != before->credential);
  CHECK_FALSE(users.Verify("hr1", "first password 1"));
  CHECK(users.Verify("hr1", "second password 2"));
  // Removed and added again with the same name, role and password: still another credential.
  REQUIRE(users.Remove("hr1").ok());
  REQUIRE(users.Add({"hr1", "hr", ""}, "second password 2").ok());
  CHECK(users.Find("hr1")->credential != after->credential);
}

TEST_CASE("a store made before credentials gains the column", "[web]") {
  TempDir dir;
  auto state = StateStore::Open(dir.File("store.db"));
  REQUIRE(state.ok());
  REQUIRE(state->db().Exec("CREATE TABLE users(username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, "
                           "role TEXT NOT NULL, worker_id TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL DEFAULT '')")
              .ok());
  UserStore users(&*state);
  REQUIRE(users.Add({"a1", "admin", ""}, "a long password").ok());
  CHECK(users.Find("a1")->credential.size() == 64);
}

TEST_CASE("the session table holds at most its capacity, newest kept", "[web]") {
  SessionTable sessions(std::chrono::hours(1), 100);
  std::vector<Session> made;
  for (int i = 0; i < 1000; ++i) made.push_back(sessions.Create(User{"u" + std::to_string(i), "hr", ""}));
  CHECK(sessions.size() <= 100);
  CHECK(sessions.Find(made.back().token));
  CHECK_FALSE(sessions.Find(made.front().token));
}

TEST_CASE("a sign-in form's token does only for its own cookie, unaltered, until it expires", "[web]") {
  SignInForms forms(std::chrono::seconds(1));
  const auto a = forms.Issue(), b = forms.Issue();
  CHECK(a.cookie != b.cookie);
  CHECK(a.csrf.size() >= 32);
  CHECK(forms.Valid(a.cookie, a.csrf));
  CHECK(forms.Valid(b.cookie, b.csrf));
  CHECK_FALSE(forms.Valid(a.cookie, b.csrf));  // another visitor's token
  CHECK_FALSE(forms.Valid(b.cookie, a.csrf));
  CHECK_FALSE(forms.Valid(a.cookie, ""));
  CHECK_FALSE(forms.Valid("", a.csrf));
  CHECK_FALSE(forms.Valid(a.cookie + "9", a.csrf));  // a later expiry written in
  CHECK(forms.Reissue(a.cookie) == a.csrf);          // the form shown again: the same token
  CHECK_FALSE(forms.Reissue(a.cookie + "9"));
  CHECK_FALSE(forms.Reissue("0123"));
  const std::string far = a.cookie.substr(0, 65) + "999999999999";  // more than a lifetime away
  CHECK_FALSE(forms.Reissue(far));
  std::string other = a.csrf;
  other[0] = other[0] == '0' ? '1' : '0';
  CHECK_FALSE(forms.Valid(a.cookie, other));
  CHECK_FALSE(SignInForms(std::chrono::seconds(60)).Valid(a.cookie, a.csrf));  // another server's key
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  CHECK_FALSE(forms.Valid(a.cookie, a.csrf));
}
