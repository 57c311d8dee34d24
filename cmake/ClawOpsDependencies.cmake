# Every external package the project needs, found in one place. scripts/install-deps installs
# them on Debian 12.
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Sql Network WebSockets Test)
find_package(OpenSSL 3 REQUIRED COMPONENTS Crypto)
# Frame text → JSON on the ingest path (gateway/FrameDecoder); chosen on clawops-bench's numbers.
find_package(simdjson 3 REQUIRED)
if(CLAWOPS_BUILD_GUI)
    find_package(Qt6 6.4 REQUIRED COMPONENTS Gui Widgets Svg PrintSupport LinguistTools)
    # The timeline and charts (ui/timeline, ui/charts). Its CMake target links Qt6::PrintSupport,
    # which is why that component is looked up above.
    find_package(QCustomPlotQt6 REQUIRED)
    find_package(Qt6Keychain QUIET)
endif()
qt_standard_project_setup()
