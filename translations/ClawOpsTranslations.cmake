# The console's translations. lrelease compiles translations/clawops_<lang>.ts and the .qm files
# are embedded in clawops_ui under :/i18n (ui/settings/Language.cpp loads them).
#
# After changing user-visible text, refresh the .ts files with
#     cmake --build <build dir> --target update_translations
# then translate what lupdate marked unfinished; tst_translations fails until that is done.
# Locations are left out so that line moves elsewhere do not churn the files.
set(CLAWOPS_TRANSLATION_LANGUAGES de zh_CN)
set(CLAWOPS_TRANSLATED_DIRS ${CMAKE_SOURCE_DIR}/ui ${CMAKE_SOURCE_DIR}/app)
set(CLAWOPS_LUPDATE_OPTIONS -locations none -no-obsolete)

set(_clawops_ts_files "")
foreach(lang IN LISTS CLAWOPS_TRANSLATION_LANGUAGES)
    list(APPEND _clawops_ts_files ${CMAKE_SOURCE_DIR}/translations/clawops_${lang}.ts)
endforeach()
set(_clawops_tr_sources "")
foreach(dir IN LISTS CLAWOPS_TRANSLATED_DIRS)
    file(GLOB_RECURSE _found CONFIGURE_DEPENDS ${dir}/*.cpp ${dir}/*.h)
    list(APPEND _clawops_tr_sources ${_found})
endforeach()

qt_add_translations(clawops_ui
    TS_FILES ${_clawops_ts_files}
    SOURCES ${_clawops_tr_sources}
    RESOURCE_PREFIX /i18n
    LUPDATE_OPTIONS ${CLAWOPS_LUPDATE_OPTIONS})
