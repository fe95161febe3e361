import { Global, Module } from '@nestjs/common';
import { ConfigurationService } from '../config/configuration.service';
import { ClientAddressResolver } from './client-address';
import { OriginPolicy } from './origin-policy';

/** Who a request comes from (TRUST_PROXY) and which origins are accepted, for every module. */
@Global()
@Module({
  providers: [
    { provide: ClientAddressResolver, useFactory: (c: ConfigurationService) => new ClientAddressResolver(c.config.trustProxy), inject: [ConfigurationService] },
    {
      provide: OriginPolicy,
      useFactory: (c: ConfigurationService, a: ClientAddressResolver) => new OriginPolicy(c.config.allowedOrigins, a),
      inject: [ConfigurationService, ClientAddressResolver],
    },
  ],
  exports: [ClientAddressResolver, OriginPolicy],
})
export class NetworkModule {}
