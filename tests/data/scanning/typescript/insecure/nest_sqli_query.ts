import { Controller, Get, Query } from "@nestjs/common";
import { DataSource } from "typeorm";

@Controller("reports")
export class ReportsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get("sales")
  async sales(@Query("region") region: string, @Query("year") year: string) {
    return this.dataSource.query(
      `SELECT month, SUM(total) AS total FROM sales WHERE region = '${region}' AND year = ${year} GROUP BY month`,
    );
  }
}
