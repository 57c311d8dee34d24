# Sanitized builds of the whole project, each in a build folder of its own
# (`./scripts/test --sanitize address|thread`, or the presets in CMakePresets.json):
# - address: AddressSanitizer (with LeakSanitizer) and UndefinedBehaviorSanitizer; any report
#   ends the program, so the test fails.
# - thread: ThreadSanitizer. Qt is not built with it, so scripts/tsan.supp names the Qt
#   internals it cannot see into (and only those).
# The fuzz targets (tests/fuzz) are built with ASan and UBSan on their own, with clang.
set(CLAWOPS_SANITIZE "" CACHE STRING
    "Build everything with sanitizers: address (ASan + UBSan) or thread (TSan); empty for none")
set_property(CACHE CLAWOPS_SANITIZE PROPERTY STRINGS "" address thread)

if(CLAWOPS_SANITIZE STREQUAL "address")
    set(CLAWOPS_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
        -fno-omit-frame-pointer)
elseif(CLAWOPS_SANITIZE STREQUAL "thread")
    set(CLAWOPS_SANITIZER_FLAGS -fsanitize=thread -fno-omit-frame-pointer)
elseif(NOT CLAWOPS_SANITIZE STREQUAL "")
    message(FATAL_ERROR "CLAWOPS_SANITIZE must be address, thread or empty, not "
                        "'${CLAWOPS_SANITIZE}'")
endif()
if(CLAWOPS_SANITIZER_FLAGS)
    add_compile_options(${CLAWOPS_SANITIZER_FLAGS})
    add_link_options(${CLAWOPS_SANITIZER_FLAGS})
endif()

# The fuzz tests already run everything they build under ASan and UBSan; a sanitized tree does
# not build and run them a second time.
if(CLAWOPS_SANITIZE STREQUAL "")
    set(fuzz_default ON)
else()
    set(fuzz_default OFF)
endif()
option(CLAWOPS_FUZZ_TESTS "Register the fuzz tests (ctest label fuzz; needs clang with libFuzzer)"
       ${fuzz_default})
unset(fuzz_default)
