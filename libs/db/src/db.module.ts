import { Global, Module, OnApplicationShutdown, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source';

@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      useFactory: async () => {
        const ds = createDataSource();
        await ds.initialize();
        return ds;
      },
    },
  ],
  exports: [DataSource],
})
export class DbModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}
  async onApplicationShutdown() {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
