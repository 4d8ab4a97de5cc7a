# `cmake --install` gives a relocatable package: find_package(Sieve CONFIG) ->
# Sieve::runtime (what a framework module links), Sieve::offline and Sieve::train.
include(CMakePackageConfigHelpers)
install(TARGETS sieve_runtime sieve_offline sieve_train EXPORT SieveTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
foreach(folder runtime offline train)
  # Sieve::export (the `sieve export` command's library) is not installed, nor its headers.
  install(DIRECTORY libcore/${folder}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} PATTERN export EXCLUDE)
endforeach()
install(FILES tools/plot/plot_script.py tools/plot/line_plot.py tools/plot/ablation_plot.py DESTINATION ${CMAKE_INSTALL_DATADIR}/sieve/plot)
install(TARGETS sieve RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT SieveTargets NAMESPACE Sieve:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Sieve)
configure_package_config_file(cmake/SieveConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/SieveConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Sieve)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/SieveConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/SieveConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/SieveConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/Sieve)
