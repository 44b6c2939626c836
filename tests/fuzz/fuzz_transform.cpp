// libFuzzer target: target input (Input / InputPath / InputTransformer) validation and rendering,
// and dynamic target parameters. The input is the target's JSON text, a 0x00 byte, then the
// event's JSON text (no 0x00: the whole input is the target, with a fixed event).
// Findings: sanitizer reports, any exception other than AwsError (target_input.h: "None throws
// anything but ebw::AwsError"), a rendering that is not valid JSON where the target asks for JSON.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "common/aws_error.h"
#include "common/json.h"
#include "common/json_depth.h"
#include "common/limits.h"
#include "transform/target_input.h"

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "EBW_FUZZ_FAIL: %s: %s\n", what, detail.c_str());
  std::abort();
}

const char* kEvent =
    R"({"version":"0","id":"11111111-2222-4333-8444-555555555555","detail-type":"t","source":"s",)"
    R"("account":"123456789012","time":"2024-01-01T00:00:00Z","region":"us-east-1",)"
    R"("resources":["arn:aws:x"],"detail":{"a":1,"b":"x\"y","c":[1,{"d":2}],"e":null}})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view all(reinterpret_cast<const char*>(data), size);
  size_t sep = all.find('\0');
  std::string_view targetText = all.substr(0, sep);
  std::string_view event = sep == std::string_view::npos ? std::string_view(kEvent)
                                                         : all.substr(sep + 1);
  if (!ebw::jsonDepthWithin(targetText, ebw::kMaxJsonDepth)) return 0;
  ebw::Json target = ebw::Json::parse(targetText, nullptr, false);
  if (target.is_discarded() || !target.is_object()) return 0;

  ebw::transform::TransformContext ctx{"arn:aws:events:us-east-1:123456789012:rule/r", "r", ""};
  bool valid = false;
  try {
    ebw::transform::targetInputConstraintViolations(target, 1);
    ebw::transform::validateTargetInput(target, 1);
    valid = true;
  } catch (const ebw::AwsError& e) {
    if (e.code() != "ValidationException") fail("validateTargetInput error code", e.code());
  } catch (const std::exception& e) {
    fail("validateTargetInput threw a non-AwsError", e.what());
  }
  // Rendering is what a delivery does for a target PutTargets accepted; an unvalidated target may
  // throw AwsError, but must not crash or throw anything else.
  try {
    std::optional<std::string> out = ebw::transform::renderTargetInput(target, event, ctx);
    ebw::Json params = ebw::transform::resolveDynamicParameters(target, event);
    (void)params.dump(-1, ' ', false, ebw::Json::error_handler_t::replace);
    if (valid && out && target.contains("InputPath") && !target.contains("InputTransformer") &&
        ebw::Json::accept(event)) {
      // An InputPath extract of a valid JSON event is JSON text. (For an event with invalid UTF-8
      // inside a string, which PutEvents never builds, the extract copies the bytes as they are.)
      if (!ebw::Json::accept(*out)) fail("InputPath rendering is not JSON", *out);
    }
  } catch (const ebw::AwsError&) {
    // allowed by the contract
  } catch (const std::exception& e) {
    fail(valid ? "rendering a valid target threw a non-AwsError"
               : "rendering an invalid target threw a non-AwsError",
         e.what());
  }
  return 0;
}
