import { Controller, Get, Param, StreamableFile } from "@nestjs/common";
import { createReadStream } from "fs";
import { basename, join } from "path";

@Controller("attachments")
export class AttachmentsController {
  @Get(":filename")
  download(@Param("filename") filename: string): StreamableFile {
    const file = createReadStream(join(process.cwd(), "attachments", basename(filename)));
    return new StreamableFile(file);
  }
}
