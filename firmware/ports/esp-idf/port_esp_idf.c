/*
 * Port 'esp-idf': ESP32, ESP32-S3, ESP32-C3 (any ESP-IDF >= 5.0 target) through ESP-IDF's own APIs, from a task
 * (app_main). The serial line is the console's standard streams — UART0 or the USB-Serial-JTAG, as the project's
 * sdkconfig chooses (CONFIG_ESP_CONSOLE_*): write is fwrite + fflush on stdout; read polls stdin, whose console
 * driver does not block by default, and yields a tick (vTaskDelay) while nothing has arrived, so a board's line
 * never ends. The generated sdkconfig.defaults sends LF unchanged both ways so bytes pass as they are.
 * The counter is esp_timer_get_time(): microseconds since boot, 64-bit signed (no wrap in practice), 10^6 ticks
 * per second.
 */
#include <stdio.h>
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "esp_timer.h"
#include "port.h"

#ifndef TINYFIT_PORT_TIMER_ESP_TIMER
#error "port esp-idf counts with esp_timer: set \"timer\": \"esp_timer\" in the target descriptor"
#endif

void tinyfit_port_setup(void) {
  /* ESP-IDF has brought up the console and esp_timer before app_main runs. */
}

size_t tinyfit_port_read(uint8_t *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    size_t r = fread(buf + got, 1, n - got, stdin);
    got += r;
    if (r == 0) {
      clearerr(stdin);
      vTaskDelay(1);
    }
  }
  return n;
}

size_t tinyfit_port_write(const uint8_t *buf, size_t n) {
  size_t done = fwrite(buf, 1, n, stdout);
  if (fflush(stdout) != 0) return 0;
  return done;
}

uint64_t tinyfit_port_ticks(void) {
  return (uint64_t)esp_timer_get_time();
}

uint64_t tinyfit_port_tick_hz(void) {
  return 1000000u;
}
