// Archives and replays: what an archive keeps of the events that reach its source bus, and the
// progress of each replay of an archive back onto that bus. The store holds them by name (names are
// unique per account and region, as in AWS); the API layer validates requests, the events layer
// captures and replays.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "match/matcher.h"

namespace ebw::store {

// At most this many replays in STARTING or RUNNING at once (AWS record: the 11th is refused).
constexpr std::size_t kMaxActiveReplays = 10;
// Replays are listed for 90 days after they end (AWS keeps them that long); older ones are dropped.
constexpr int64_t kReplayRetentionMs = 90LL * 24 * 3600 * 1000;

struct ArchivedEvent {
  uint64_t seq = 0;           // 1, 2, ... in arrival order; never reused within an archive
  int64_t timeMs = 0;         // when the event reached the bus (the emulator's clock)
  std::size_t sizeBytes = 0;  // as counted for SizeBytes (see events/archive_capture.h)
  std::string event;          // the event's JSON text as the bus saw it
};

struct Archive {
  std::string name;
  std::string arn;
  std::string sourceBusName;
  std::string eventSourceArn;  // the bus ARN
  std::optional<std::string> description;
  std::optional<std::string> eventPattern;  // the text as given; absent: every event
  std::optional<std::string> kmsKeyIdentifier;
  int64_t retentionDays = 0;  // 0: kept indefinitely
  std::string state = "ENABLED";
  int64_t creationTimeMs = 0;
  std::deque<ArchivedEvent> events;  // oldest first
  uint64_t nextSeq = 1;
  uint64_t sizeBytes = 0;  // sum over `events`
  Matcher matcher;         // holds the pattern as rule "archive" when there is one

  // Replaces the pattern (compiled first: an invalid pattern throws InvalidEventPatternException
  // and changes nothing).
  void setPattern(std::optional<std::string> pattern);
  bool accepts(const std::string& eventJson) const;
  void append(const std::string& eventJson, std::size_t sizeBytes, int64_t nowMs);
  // Drops the events older than RetentionDays at `nowMs`.
  void expire(int64_t nowMs);
};

struct Replay {
  std::string name;
  std::string arn;
  std::optional<std::string> description;
  std::string eventSourceArn;  // the archive ARN as given
  std::string archiveName;
  std::string destinationArn;
  std::string destinationBusName;
  std::optional<std::vector<std::string>> filterArns;  // Destination.FilterArns when given
  int64_t eventStartTimeMs = 0;
  int64_t eventEndTimeMs = 0;
  std::string state = "STARTING";  // STARTING RUNNING CANCELLING COMPLETED CANCELLED FAILED
  std::optional<std::string> stateReason;
  int64_t replayStartTimeMs = 0;
  std::optional<int64_t> replayEndTimeMs;
  std::optional<int64_t> eventLastReplayedTimeMs;
  // Archived events with seq in [nextSeq, endSeq) are still to be considered; endSeq is the
  // archive's nextSeq when the replay started (events archived later are not part of it).
  uint64_t nextSeq = 1;
  uint64_t endSeq = 1;

  bool active() const { return state == "STARTING" || state == "RUNNING"; }
  bool finished() const {
    return state == "COMPLETED" || state == "CANCELLED" || state == "FAILED";
  }
};

}  // namespace ebw::store
