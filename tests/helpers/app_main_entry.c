/*
 * Test harness: the bare-metal start-up of a riscv-family project calls main(); an ESP-IDF project's entry is
 * app_main (ESP-IDF's start-up calls it from the main task). This main is the only glue between the two.
 */
void app_main(void);
int main(void);

int main(void) {
  app_main();
  return 0;
}
