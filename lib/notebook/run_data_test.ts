import { assertEquals } from "@std/assert";
import { dataFields } from "./run_data.ts";

Deno.test("dataFields() writes the origin, the data set's size and each part's image count", () => {
  const mnist = { origin: "mirror /m/mnist", train: { count: 10_000 } };
  assertEquals(
    dataFields(mnist, { train: new Int32Array(9000), val: [1, 2], test: new Int32Array(500) }),
    {
      dataOrigin: "mirror /m/mnist",
      datasetTrainImages: 10_000,
      trainImages: 9000,
      validationImages: 2,
      testImages: 500,
    },
  );
  assertEquals(dataFields(mnist), { dataOrigin: "mirror /m/mnist", datasetTrainImages: 10_000 });
});
