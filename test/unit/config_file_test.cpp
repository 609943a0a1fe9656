// SPDX-License-Identifier: Apache-2.0
#include "state/config_file.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "temp_dir.hpp"

namespace common {
namespace {

TEST(ConfigFile, MissingFileGivesDefaults) {
  test::TempDir dir;
  const Config config = load_config(dir / "none.toml");
  EXPECT_EQ(config.runtime, "");
  EXPECT_EQ(config.state_root, "/run/seccomp-witness");
  EXPECT_NE(config.monitor.find("seccomp-witness-monitor"), std::string::npos);
}

TEST(ConfigFile, ReadsEveryKey) {
  test::TempDir dir;
  std::ofstream(dir / "c.toml") << "# comment\nruntime = \"/usr/sbin/runc\"\nstate_dir = '/run/sw'\n"
                                   "monitor = \"/opt/m\"\ncoverage = \"full\"\n";
  const Config config = load_config(dir / "c.toml");
  EXPECT_EQ(config.runtime, "/usr/sbin/runc");
  EXPECT_EQ(config.state_root, "/run/sw");
  EXPECT_EQ(config.monitor, "/opt/m");
  EXPECT_EQ(config.coverage, CoverageMode::kFull);
  EXPECT_EQ(default_config().coverage, CoverageMode::kFull) << "every syscall the profile denies";
}

TEST(ConfigFile, WhatAPodAnnotationMayAskFor) {
  test::TempDir dir;
  EXPECT_FALSE(default_config().carry_out_from_annotation) << "only the operator's rules_file carries out calls";
  EXPECT_EQ(default_config().stop_within_seconds, 60.0);
  std::ofstream(dir / "c.toml") << "carry_out_from_annotation = true\nstop_within_seconds = 90\n";
  const Config config = load_config(dir / "c.toml");
  EXPECT_TRUE(config.carry_out_from_annotation);
  EXPECT_EQ(config.stop_within_seconds, 90.0);
  std::ofstream(dir / "f.toml") << "stop_within_seconds = 2.5\n";
  EXPECT_EQ(load_config(dir / "f.toml").stop_within_seconds, 2.5);
  for (const char* bad : {"carry_out_from_annotation = \"yes\"\n", "stop_within_seconds = -1\n",
                          "stop_within_seconds = 100000\n", "stop_within_seconds = \"1m\"\n"}) {
    std::ofstream(dir / "b.toml") << bad;
    EXPECT_THROW((void)load_config(dir / "b.toml"), ConfigError) << bad;
  }
}

TEST(ConfigFile, PastRecordsRetention) {
  test::TempDir dir;
  EXPECT_EQ(default_config().retention.max_records, 256u);
  EXPECT_EQ(default_config().retention.max_age, std::chrono::seconds(3600));
  std::ofstream(dir / "c.toml") << "past_records_max = 10\npast_records_seconds = 60\n";
  const Config config = load_config(dir / "c.toml");
  EXPECT_EQ(config.retention.max_records, 10u);
  EXPECT_EQ(config.retention.max_age, std::chrono::seconds(60));
  for (const char* bad : {"past_records_max = -1\n", "past_records_seconds = \"1h\"\n"}) {
    std::ofstream(dir / "bad.toml") << bad;
    EXPECT_THROW((void)load_config(dir / "bad.toml"), ConfigError) << bad;
  }
}

TEST(ConfigFile, ProbesAndIgnoredSyscalls) {
  test::TempDir dir;
  EXPECT_FALSE(default_config().stop_policy.stop_on_probes);
  EXPECT_TRUE(default_config().stop_policy.ignored.empty());
  std::ofstream(dir / "c.toml") << "stop_on_probes = true\nignore = [\"clone3\", \"io_uring_setup\"]\n";
  const Config config = load_config(dir / "c.toml");
  EXPECT_TRUE(config.stop_policy.stop_on_probes);
  EXPECT_EQ(config.stop_policy.ignored, (std::vector<std::string>{"clone3", "io_uring_setup"}));
  for (const char* bad :
       {"stop_on_probes = \"yes\"\n", "ignore = \"clone3\"\n", "ignore = [\"clone3;rm\"]\n", "ignore = [3]\n"}) {
    std::ofstream(dir / "bad.toml") << bad;
    EXPECT_THROW((void)load_config(dir / "bad.toml"), ConfigError) << bad;
  }
}

TEST(ConfigFile, CoverageIsNamedOrFull) {
  test::TempDir dir;
  std::ofstream(dir / "c.toml") << "coverage = \"everything\"\n";
  try {
    (void)load_config(dir / "c.toml");
    FAIL() << "an unknown coverage was accepted";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("c.toml:1:12: coverage must be \"named\" or \"full\""), std::string::npos)
        << e.what();
  }
}

TEST(ConfigFile, ErrorsNameFileAndLine) {
  test::TempDir dir;
  std::ofstream(dir / "bad.toml") << "runtime = \"/x\"\nruntime = = 3\n";
  try {
    (void)load_config(dir / "bad.toml");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind((dir / "bad.toml") + ":2:", 0), 0u) << e.what();
  }
  std::ofstream(dir / "typo.toml") << "runtme = \"/x\"\n";
  EXPECT_THROW((void)load_config(dir / "typo.toml"), ConfigError);
  std::ofstream(dir / "type.toml") << "runtime = 5\n";
  try {
    (void)load_config(dir / "type.toml");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("runtime must be a string"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace common
