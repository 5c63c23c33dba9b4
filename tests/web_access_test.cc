// The dashboard's rules without HTTP: who may see which team, who may sign in, how
// sessions expire, how sign-in attempts are limited, and that passwords are hashed.
#include <catch2/catch.hpp>

#include <thread>

#include "state/state_store.h"
#include "test_support.h"
#include "web/access.h"
#include "web/sessions.h"
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
