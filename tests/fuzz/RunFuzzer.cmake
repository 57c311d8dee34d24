# Runs one fuzz target for a bounded time (a `fuzz` test), keeps libFuzzer's whole output in a
# log, and prints its final numbers on one line (also written to <name>.summary for the README).
# Fails on any crash, leak, sanitizer report, timeout or out-of-memory: libFuzzer then exits
# non-zero and saves the input under ARTIFACTS. Run by ctest, as `cmake -P`:
#   -DFUZZER=<binary> -DNAME=<target> -DCORPUS=<dir> -DSEEDS=<dir> -DARTIFACTS=<dir>
#   -DLOGS=<dir> -DSECONDS=60 -DRSS_MB=2048 [-DDICT=<file>]
foreach(required FUZZER NAME CORPUS SEEDS ARTIFACTS LOGS SECONDS RSS_MB)
    if(NOT DEFINED ${required})
        message(FATAL_ERROR "RunFuzzer.cmake needs -D${required}=...")
    endif()
endforeach()
# CORPUS keeps what the fuzzer finds from run to run (libFuzzer adds to the first folder only);
# SEEDS is rewritten from tests/data by every build of the fuzz targets.
file(MAKE_DIRECTORY "${CORPUS}" "${ARTIFACTS}" "${LOGS}")

set(arguments -max_total_time=${SECONDS} -rss_limit_mb=${RSS_MB} -timeout=30
    -print_final_stats=1 -artifact_prefix=${ARTIFACTS}/${NAME}-)
if(DICT)
    list(APPEND arguments -dict=${DICT})
endif()
# Undefined behaviour and leaks end the run like a crash does.
set(ENV{ASAN_OPTIONS} "detect_leaks=1")
set(ENV{UBSAN_OPTIONS} "print_stacktrace=1:halt_on_error=1")
string(TIMESTAMP started "%s")
execute_process(COMMAND "${FUZZER}" ${arguments} "${CORPUS}" "${SEEDS}"
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
string(TIMESTAMP finished "%s")
math(EXPR elapsed "${finished} - ${started}")
file(WRITE "${LOGS}/${NAME}.log" "${output}")

function(stat key out)
    if(output MATCHES "stat::${key}: *([0-9]+)")
        set(${out} "${CMAKE_MATCH_1}" PARENT_SCOPE)
    else()
        set(${out} "?" PARENT_SCOPE)
    endif()
endfunction()
stat(number_of_executed_units runs)
stat(average_exec_per_sec per_second)
stat(new_units_added new_units)
stat(peak_rss_mb peak_rss)
set(coverage "?")
set(corpus_units "?")
# The last status line: "#N DONE cov: C ft: F corp: U/S ..." (or the last pulse before it).
string(REGEX MATCHALL "cov: [0-9]+ ft: [0-9]+ corp: [0-9]+" status_lines "${output}")
if(status_lines)
    list(GET status_lines -1 last)
    string(REGEX MATCH "cov: ([0-9]+) ft: [0-9]+ corp: ([0-9]+)" last "${last}")
    set(coverage "${CMAKE_MATCH_1}")
    set(corpus_units "${CMAKE_MATCH_2}")
endif()
set(summary "fuzz_${NAME}: ${runs} executions in ${elapsed} s (${per_second}/s), coverage ${coverage} points, corpus ${corpus_units} inputs (${new_units} new), peak RSS ${peak_rss} MB")
file(WRITE "${LOGS}/${NAME}.summary" "${summary}\n")
message("${summary}")

# A sanitizer report that somehow did not end the run still fails it.
if(NOT result EQUAL 0 OR output MATCHES "ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:")
    string(LENGTH "${output}" length)
    set(tail_start 0)
    if(length GREATER 12000)
        math(EXPR tail_start "${length} - 12000")
    endif()
    string(SUBSTRING "${output}" ${tail_start} -1 tail)
    message("${tail}")
    message(FATAL_ERROR "fuzz_${NAME} failed (exit ${result}); the input is saved under "
                        "${ARTIFACTS}, the whole output in ${LOGS}/${NAME}.log. Reproduce with: "
                        "${FUZZER} <artifact>")
endif()
